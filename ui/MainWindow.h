#pragma once

#include "ConnectionState.h"

#include <QMainWindow>

class QLabel;
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

public Q_SLOTS:
    /// New messages were stored by the ingest thread.
    void onMessagesStored();
    void onConnectionStateChanged(ns::ConnectionState state, const QString &detail);

Q_SIGNALS:
    /// The user chose File > Settings…; the owner opens the settings dialog.
    void settingsRequested();

private:
    void onCurrentRowChanged();
    void updateTitle();

    MessageStore *m_store;
    QString m_profileName;
    MessageListModel *m_model;
    QTableView *m_list;
    MessageView *m_view;
    QLabel *m_state;
};

} // namespace ns
