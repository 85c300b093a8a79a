#pragma once

#include "InboxViewSpec.h"
#include "MessageExporter.h"

#include <QAtomicInteger>
#include <QObject>
#include <QThread>

#include <memory>

namespace ns {

/// Exports a view of an inbox file to a file on a thread of its own (with its own connection),
/// so a million messages never freeze the window. The file appears only when complete.
class ExportJob : public QObject
{
    Q_OBJECT

public:
    ExportJob(QString databasePath, InboxViewSpec spec, MessageExporter::Format format, QString outputPath,
              QObject *parent = nullptr);
    ~ExportJob() override;

    void start();
    /// Stops at the next chunk; the output file is not written.
    void cancel() { m_cancel.storeRelaxed(1); }
    bool isRunning() const { return m_thread && m_thread->isRunning(); }

    /// Runs the export in the calling thread; false with `error` set on failure or cancel.
    static bool run(const QString &databasePath, const InboxViewSpec &spec, MessageExporter::Format format,
                    const QString &outputPath, qint64 *count, QString *error, const QAtomicInteger<int> *cancel = nullptr);

Q_SIGNALS:
    void finished(bool ok, qint64 count, const QString &error);

private:
    QString m_databasePath;
    InboxViewSpec m_spec;
    MessageExporter::Format m_format;
    QString m_outputPath;
    QAtomicInteger<int> m_cancel{0};
    std::unique_ptr<QThread> m_thread;
};

} // namespace ns
