#pragma once

#include "ConnectionState.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QTableView;

namespace ns {

class MessageListModel;
class MessageStore;
class MessageView;

/// The inbox window: the message list beside the reading pane, and the connection state below.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(MessageStore *store, const QString &profileName, QWidget *parent = nullptr);

    MessageListModel *model() const { return m_model; }
    QTableView *messageList() const { return m_list; }
    MessageView *messageView() const { return m_view; }

    /// Builds the text "Copy Diagnostics" puts on the clipboard; the app sets it, as it knows the whole picture.
    void setDiagnosticsSource(std::function<QString()> source) { m_diagnostics = std::move(source); }

public Q_SLOTS:
    /// New messages were stored by the ingest thread.
    void onMessagesStored();
    void onConnectionStateChanged(ns::ConnectionState state, const QString &detail);
    /// Another launch on this profile asked for the window: show it (from the tray, or minimized) and raise it.
    void bringToFront();

Q_SIGNALS:
    /// The user chose File > Settings…; the owner opens the settings dialog.
    void settingsRequested();

private:
    void onCurrentRowChanged();
    void updateTitle();
    // Desktop integration (menus of issue 8).
    void createDesktopMenus(QMenu *file, QAction *quit);
    void copyDiagnostics();
    void showAbout();

    MessageStore *m_store;
    QString m_profileName;
    MessageListModel *m_model;
    QTableView *m_list;
    MessageView *m_view;
    QLabel *m_state;
    std::function<QString()> m_diagnostics;
};

} // namespace ns
