#pragma once

#include "Person.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QCompleter;
class QLineEdit;
class QListWidget;
class QStringListModel;
class QTimer;

namespace ns {

class AddressBook;

/// Recipients by name: a search box that completes people and groups from the address book,
/// and a row of chips showing who the message goes to (a person's name with the UUID in its
/// tooltip, a pasted UUID the book does not know marked as such, a group with its member count).
///
/// The pasted UUIDs stay in the compose dialog's text field; a person picked here is added
/// there, a group is kept here and expanded to its members when the message is sent.
class RecipientPicker : public QWidget
{
    Q_OBJECT

public:
    explicit RecipientPicker(QWidget *parent = nullptr);

    /// The book to complete from (read on the UI thread's connection); null: UUIDs only.
    void setAddressBook(const AddressBook *book);
    /// The UUIDs pasted or typed in the dialog's text field (canonical).
    void setPastedRecipients(const QStringList &uuids);
    /// Adds a group (its members are counted now and expanded into recipients()).
    bool addGroup(const QString &name);
    void removeGroup(const QString &name);

    /// Everyone the message goes to: the pasted UUIDs, then the groups' members; no repeats.
    QStringList recipients() const;
    /// The groups picked, with their member counts.
    const QHash<QString, QStringList> &groups() const { return m_groups; }
    /// The book's people among the recipients.
    QHash<QString, Person> knownPeople() const;
    /// Pasted UUIDs the book does not know (when there is a book).
    QStringList unknown() const { return m_unknown; }

    QLineEdit *searchEdit() const { return m_search; }
    QListWidget *chips() const { return m_chips; }
    QCompleter *completer() const { return m_completer; }
    /// Refreshes the completion list for `text` at once (the search box does so as people type).
    void complete(const QString &text);

Q_SIGNALS:
    /// A person was picked: the dialog adds the UUID to its text field.
    void personPicked(const QString &uuid);
    /// The recipients changed (a group added or removed, names looked up).
    void recipientsChanged();

private:
    void pick(const QString &completion);
    void refreshChips();

    const AddressBook *m_book = nullptr;
    QLineEdit *m_search;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    QHash<QString, QString> m_completionTargets; ///< Completion text -> "person:<uuid>" or "group:<name>".
    QListWidget *m_chips;
    QStringList m_pasted;
    QHash<QString, Person> m_pastedPeople;
    QStringList m_unknown;
    QHash<QString, QStringList> m_groups;
    QStringList m_groupOrder;
};

} // namespace ns
