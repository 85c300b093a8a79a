#pragma once

#include "InboxViewSpec.h"
#include "MessageExporter.h"

#include <QObject>

class QAction;
class QWidget;

namespace ns {

class ExportJob;

/// File > Export View: asks for a file, then writes the view's messages there on a thread of its
/// own (ExportJob); one export at a time, its action greyed while it runs.
class ViewExport : public QObject
{
    Q_OBJECT

public:
    /// Exports from the inbox file `databasePath`; `action` is File > Export View; dialogs over `window`.
    ViewExport(QString databasePath, QAction *action, QWidget *window);

    /// Asks for the file and the format, then exports `spec` there.
    void chooseFileFor(const InboxViewSpec &spec);
    /// Writes the messages of `spec` to `path`; emits finished.
    void exportTo(const InboxViewSpec &spec, const QString &path, MessageExporter::Format format);
    /// The window closes: a running export stops and writes no file.
    void cancel();

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    void finished(bool ok, qint64 count, const QString &error);

private:
    QString m_databasePath;
    QAction *m_action;
    QWidget *m_window;
    ExportJob *m_job = nullptr;
};

} // namespace ns
