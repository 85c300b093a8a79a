#include "WindowStateSettings.h"

#include "InboxFilter.h"
#include "InboxSort.h"
#include "InboxViewSpec.h"
#include "MessageListModel.h"
#include "MessageListView.h"

#include <QMainWindow>
#include <QSettings>
#include <QSplitter>

namespace ns {

void WindowStateSettings::restore() const
{
    QSettings s;
    window->restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    window->restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    folderSplitter->restoreState(s.value(QStringLiteral("window/folderSplitter")).toByteArray());
    if (!readingSplitter->restoreState(s.value(QStringLiteral("window/readingSplitter")).toByteArray()))
        readingSplitter->setSizes({340, 260});
    if (s.value(QStringLiteral("window/folderSplitter")).isNull())
        folderSplitter->setSizes({folderPaneWidth, window->width() - folderPaneWidth});
    InboxViewSpec spec;
    InboxSortKey key = InboxSortKey::Date;
    if (inboxSortKeyFromName(s.value(QStringLiteral("list/sortKey")).toString(), &key))
        spec.sort = {key, s.value(QStringLiteral("list/sortOrder")).toString() == QLatin1String("ascending")
                              ? Qt::AscendingOrder
                              : Qt::DescendingOrder};
    InboxFilter filter = InboxFilter::Inbox;
    if (inboxFilterFromName(s.value(QStringLiteral("list/filter")).toString(), &filter))
        spec.filter = filter;
    model->setSpec(spec);
    list->restoreHeaderState(s.value(QStringLiteral("list/header")).toByteArray(),
                             s.value(QStringLiteral("list/columnsChosen"), false).toBool());
}

void WindowStateSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
    s.setValue(QStringLiteral("window/state"), window->saveState());
    s.setValue(QStringLiteral("window/folderSplitter"), folderSplitter->saveState());
    s.setValue(QStringLiteral("window/readingSplitter"), readingSplitter->saveState());
    s.setValue(QStringLiteral("list/header"), list->saveHeaderState());
    s.setValue(QStringLiteral("list/columnsChosen"), list->columnsChosen());
    s.setValue(QStringLiteral("list/sortKey"), inboxSortKeyName(model->spec().sort.key));
    s.setValue(QStringLiteral("list/sortOrder"),
               model->spec().sort.ascending() ? QStringLiteral("ascending") : QStringLiteral("descending"));
    s.setValue(QStringLiteral("list/filter"), inboxFilterName(model->spec().filter));
}

} // namespace ns
