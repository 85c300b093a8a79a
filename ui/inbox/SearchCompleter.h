#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QCompleter;
class QLineEdit;
class QStringListModel;

namespace ns {

/// Completion in the search box while typing: operator names ("fr" offers "from:") and, after
/// "from:", the senders the store knows. Keyboard first: the first offer is selected, Tab or
/// Return takes it, Up and Down choose another, Esc closes the list (and only the list).
class SearchCompleter : public QObject
{
    Q_OBJECT

public:
    /// Senders starting with a prefix, a few at most (the store's KnownSenders).
    using SenderLookup = std::function<QStringList(const QString &prefix)>;

    explicit SearchCompleter(QLineEdit *field);

    void setSenderLookup(SenderLookup lookup) { m_senders = std::move(lookup); }
    QCompleter *completer() const { return m_completer; }
    /// What the list offers now (empty when it is closed).
    QStringList offers() const;
    bool isOpen() const;
    void close();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update();                            // After the person typed: what to offer, if anything.
    void accept(const QString &completion);   // Puts it in the field.

    QLineEdit *m_field;
    QCompleter *m_completer;
    QStringListModel *m_offers;
    SenderLookup m_senders;
};

} // namespace ns
