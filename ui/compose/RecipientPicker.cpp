#include "RecipientPicker.h"

#include "AddressBook.h"
#include "Logging.h"

#include <QCompleter>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QSet>
#include <QStringListModel>
#include <QVBoxLayout>

namespace ns {
namespace {

// Chips shown at most: a thousand pasted UUIDs are summed up, not drawn one by one.
constexpr int MaxChips = 200;
constexpr int MaxCompletions = 20;
constexpr int ChipRole = Qt::UserRole + 1; ///< "group:<name>" on a group's chip.

} // namespace

RecipientPicker::RecipientPicker(QWidget *parent)
    : QWidget(parent), m_search(new QLineEdit(this)), m_completer(new QCompleter(this)), m_completions(new QStringListModel(this)),
      m_chips(new QListWidget(this))
{
    m_search->setPlaceholderText(tr("Add people or groups by name…"));
    m_search->setAccessibleName(tr("Find people or groups"));
    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains); // The book already filtered; keep its matches.
    m_completer->setMaxVisibleItems(12);
    m_search->setCompleter(m_completer);
    m_chips->setFlow(QListView::LeftToRight);
    m_chips->setWrapping(true);
    m_chips->setResizeMode(QListView::Adjust);
    m_chips->setSpacing(2);
    m_chips->setMaximumHeight(m_chips->fontMetrics().lineSpacing() * 4);
    m_chips->setAccessibleName(tr("Recipients by name"));
    m_chips->setToolTip(tr("Double-click a group to remove it"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_search);
    layout->addWidget(m_chips);
    setEnabled(false);

    connect(m_search, &QLineEdit::textEdited, this, &RecipientPicker::complete);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &RecipientPicker::pick);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (m_completions->rowCount() > 0)
            pick(m_completions->index(0).data().toString());
    });
    connect(m_chips, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        const QString target = item->data(ChipRole).toString();
        if (target.startsWith(QLatin1String("group:")))
            removeGroup(target.mid(6));
    });
}

void RecipientPicker::setAddressBook(const AddressBook *book)
{
    m_book = book;
    setEnabled(book != nullptr);
    refreshChips();
}

void RecipientPicker::complete(const QString &text)
{
    QStringList items;
    m_completionTargets.clear();
    if (m_book && !text.trimmed().isEmpty()) {
        StoreError error;
        const QLocale locale;
        for (const PersonGroup &g : m_book->completeGroups(text, 5, &error)) {
            const QString label = tr("%1: %n people (group)", nullptr, g.members).arg(g.name);
            items.append(label);
            m_completionTargets.insert(label, QStringLiteral("group:") + g.name);
        }
        for (const Person &p : m_book->completePeople(text, MaxCompletions, &error)) {
            const QString label = QStringLiteral("%1 <%2>").arg(p.name, p.uuid);
            items.append(label);
            m_completionTargets.insert(label, QStringLiteral("person:") + p.uuid);
        }
        if (error.isError())
            qCWarning(lcStore).noquote() << "address book:" << error.text;
    }
    m_completions->setStringList(items);
    if (!items.isEmpty())
        m_completer->complete();
}

void RecipientPicker::pick(const QString &completion)
{
    const QString target = m_completionTargets.value(completion);
    if (target.startsWith(QLatin1String("group:")))
        addGroup(target.mid(6));
    else if (target.startsWith(QLatin1String("person:")))
        Q_EMIT personPicked(target.mid(7));
    else
        return;
    // Cleared after the completer has written its choice into the box.
    QMetaObject::invokeMethod(m_search, &QLineEdit::clear, Qt::QueuedConnection);
}

bool RecipientPicker::addGroup(const QString &name)
{
    if (!m_book)
        return false;
    StoreError error;
    const PersonGroup g = m_book->group(name, &error);
    if (g.id == 0)
        return false;
    if (!m_groups.contains(g.name))
        m_groupOrder.append(g.name);
    m_groups.insert(g.name, m_book->groupMembers(g.name, &error));
    refreshChips();
    Q_EMIT recipientsChanged();
    return true;
}

void RecipientPicker::removeGroup(const QString &name)
{
    m_groups.remove(name);
    m_groupOrder.removeAll(name);
    refreshChips();
    Q_EMIT recipientsChanged();
}

void RecipientPicker::setPastedRecipients(const QStringList &uuids)
{
    if (uuids == m_pasted)
        return;
    m_pasted = uuids;
    m_pastedPeople.clear();
    m_unknown.clear();
    if (m_book) {
        StoreError error;
        m_pastedPeople = m_book->peopleByUuid(uuids, &error);
        for (const QString &uuid : uuids) {
            if (!m_pastedPeople.contains(uuid))
                m_unknown.append(uuid);
        }
    }
    refreshChips();
}

QStringList RecipientPicker::recipients() const
{
    QStringList out = m_pasted;
    QSet<QString> seen(m_pasted.cbegin(), m_pasted.cend());
    for (const QString &group : m_groupOrder) {
        for (const QString &uuid : m_groups.value(group)) {
            if (!seen.contains(uuid)) {
                seen.insert(uuid);
                out.append(uuid);
            }
        }
    }
    return out;
}

QHash<QString, Person> RecipientPicker::knownPeople() const
{
    if (!m_book)
        return {};
    StoreError error;
    return m_book->peopleByUuid(recipients(), &error);
}

void RecipientPicker::refreshChips()
{
    m_chips->clear();
    const QLocale locale;
    for (const QString &group : std::as_const(m_groupOrder)) {
        const int n = static_cast<int>(m_groups.value(group).size());
        auto *item = new QListWidgetItem(tr("%1: %2 people").arg(group, locale.toString(n)), m_chips);
        item->setData(ChipRole, QStringLiteral("group:") + group);
        item->setToolTip(tr("Group %1, expanded to its %2 members when sent; double-click to remove").arg(group, locale.toString(n)));
    }
    int shown = 0;
    for (const QString &uuid : std::as_const(m_pasted)) {
        if (++shown > MaxChips) {
            new QListWidgetItem(tr("and %1 more").arg(locale.toString(m_pasted.size() - MaxChips)), m_chips);
            break;
        }
        const auto person = m_pastedPeople.constFind(uuid);
        QListWidgetItem *item = nullptr;
        if (person != m_pastedPeople.cend()) {
            item = new QListWidgetItem(person->name, m_chips);
            item->setToolTip(person->department.isEmpty() ? uuid : QStringLiteral("%1\n%2").arg(uuid, person->department));
        } else {
            item = new QListWidgetItem(m_book ? tr("Unknown: %1").arg(uuid) : uuid, m_chips);
            item->setToolTip(m_book ? tr("Not in the address book; sent to this UUID as given") : uuid);
            QFont italic = item->font();
            italic.setItalic(true);
            item->setFont(italic);
        }
        item->setData(ChipRole, QStringLiteral("person:") + uuid);
    }
    m_chips->setVisible(m_chips->count() > 0);
}

} // namespace ns
