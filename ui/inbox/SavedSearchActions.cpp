#include "SavedSearchActions.h"

#include "FolderList.h"
#include "MessageListModel.h"
#include "SavedSearchFolders.h"
#include "SearchBar.h"

#include <QAction>
#include <QIcon>
#include <QInputDialog>
#include <QMenu>
#include <QSignalBlocker>

namespace ns {

SavedSearchActions::SavedSearchActions(SavedSearchFolders *searches, FolderList *folders, SearchBar *bar,
                                       MessageListModel *model, QWidget *window)
    : QObject(window), m_searches(searches), m_folders(folders), m_bar(bar), m_model(model), m_window(window),
      m_save(new QAction(QIcon(QStringLiteral(":/ns-inbox/icons/save-search.svg")), tr("Save Search…"), this))
{
    m_prompt = [this](const QString &title, const QString &label, const QString &text) -> std::optional<QString> {
        bool ok = false;
        const QString answer = QInputDialog::getText(m_window, title, label, QLineEdit::Normal, text, &ok);
        return ok ? std::optional<QString>(answer) : std::nullopt;
    };
    m_save->setStatusTip(tr("Keep this search as a folder, with its own unread count"));
    m_save->setEnabled(false);
    bar->addAction(m_save, QLineEdit::TrailingPosition);
    // Only a query that parses is worth keeping: the box says what is wrong with the others.
    auto updateSave = [this] { m_save->setEnabled(!m_bar->text().trimmed().isEmpty() && m_bar->problem().isEmpty()); };
    connect(bar, &SearchBar::searchChanged, this, updateSave);
    connect(bar, &SearchBar::problemChanged, this, updateSave);
    connect(m_save, &QAction::triggered, this, &SavedSearchActions::saveCurrent);
    for (int i = 0; i < 3; ++i) {
        auto *a = new QAction(tr("Saved Search %1").arg(i + 1), this);
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_7 + i)));
        a->setStatusTip(tr("Run the saved search listed %1 under the folders").arg(i + 1));
        connect(a, &QAction::triggered, this, [this, i] {
            if (i < m_searches->searches().size())
                m_folders->chooseSavedSearch(m_searches->searches().at(i).id);
        });
        window->addAction(a);
        m_run.append(a);
    }
    connect(folders, &FolderList::savedSearchChosen, this, &SavedSearchActions::run);
    // Leaving a saved search for a folder leaves its query too.
    connect(folders, &FolderList::filterChosen, this, [this] {
        if (m_running) {
            m_running = false;
            m_bar->clear();
            m_model->setSearchText({});
        }
    });
    connect(folders, &FolderList::renameRequested, this, &SavedSearchActions::rename);
    connect(folders, &FolderList::editRequested, this, &SavedSearchActions::edit);
    connect(folders, &FolderList::moveRequested, searches, &SavedSearchFolders::move);
    connect(folders, &FolderList::removeRequested, searches, &SavedSearchFolders::remove);
    connect(searches, &SavedSearchFolders::changed, this, &SavedSearchActions::showSearches);
    connect(searches, &SavedSearchFolders::failed, this, [this](const StoreError &error) {
        Q_EMIT told(tr("Saved searches not changed: %1").arg(error.text));
    });
    showSearches();
}

void SavedSearchActions::showSearches()
{
    m_folders->setSavedSearches(m_searches->searches(), [this] {
        QHash<qint64, qint64> unread;
        for (const SavedSearch &s : m_searches->searches())
            unread.insert(s.id, m_searches->unreadCount(s.id));
        return unread;
    }());
    for (int i = 0; i < m_run.size(); ++i) {
        const bool has = i < m_searches->searches().size();
        m_run.at(i)->setEnabled(has);
        m_run.at(i)->setText(has ? tr("Saved Search: %1").arg(m_searches->searches().at(i).name)
                                 : tr("Saved Search %1").arg(i + 1));
    }
}

void SavedSearchActions::addSaveAfter(QAction *find)
{
    for (QObject *object : find->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object))
            menu->insertAction(menu->actions().value(menu->actions().indexOf(find) + 1), m_save);
    }
}

void SavedSearchActions::run(qint64 id)
{
    const SavedSearch *s = m_searches->find(id);
    if (!s)
        return;
    m_running = true;
    m_bar->showSearch(s->query); // The query goes to the list here, at once.
    InboxViewSpec spec = m_model->spec();
    spec.filter = InboxFilter::All;
    spec.searchText = s->query;
    m_model->setSpec(spec);
}

void SavedSearchActions::saveCurrent()
{
    const QString query = m_bar->text().trimmed();
    if (const QString problem = SavedSearchFolders::problemWith(query); !problem.isEmpty()) {
        Q_EMIT told(tr("Not saved: %1").arg(problem));
        return;
    }
    const std::optional<QString> name = m_prompt(tr("Save Search"), tr("Name of the folder for this search:"), query);
    if (!name || name->trimmed().isEmpty())
        return;
    m_searches->save(name->trimmed(), query);
}

void SavedSearchActions::rename(qint64 id)
{
    const SavedSearch *s = m_searches->find(id);
    if (!s)
        return;
    const std::optional<QString> name = m_prompt(tr("Rename Saved Search"), tr("Name:"), s->name);
    if (name && !name->trimmed().isEmpty())
        m_searches->rename(id, name->trimmed());
}

void SavedSearchActions::edit(qint64 id)
{
    const SavedSearch *s = m_searches->find(id);
    if (!s)
        return;
    const std::optional<QString> query = m_prompt(tr("Edit Saved Search"), tr("Search:"), s->query);
    if (!query)
        return;
    if (const QString problem = m_searches->edit(id, query->trimmed()); !problem.isEmpty())
        Q_EMIT told(tr("Not saved: %1").arg(problem));
}

} // namespace ns
