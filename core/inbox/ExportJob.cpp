#include "ExportJob.h"

#include "BackgroundPriority.h"
#include "Database.h"
#include "InboxRows.h"
#include "MessageIndex.h"

#include <QFile>
#include <QSaveFile>

namespace ns {

ExportJob::ExportJob(QString databasePath, InboxViewSpec spec, MessageExporter::Format format, QString outputPath,
                     QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_spec(std::move(spec)), m_format(format),
      m_outputPath(std::move(outputPath))
{
}

ExportJob::~ExportJob()
{
    if (m_thread) {
        cancel();
        m_thread->wait();
    }
}

bool ExportJob::run(const QString &databasePath, const InboxViewSpec &spec, MessageExporter::Format format,
                    const QString &outputPath, qint64 *count, QString *error, const QAtomicInteger<int> *cancel)
{
    *count = 0;
    const QString connection = Database::uniqueConnectionName(QStringLiteral("export"));
    bool ok = false;
    {
        StoreError storeError;
        QSqlDatabase db = Database::open(databasePath, connection, &storeError);
        if (!db.isValid()) {
            *error = storeError.text;
        } else {
            MessageIndex index(db);
            InboxRows view(&index, spec);
            // Standard output streams as is; a file is written aside and renamed when complete.
            const bool toStdout = outputPath == QLatin1String("-");
            QSaveFile file(outputPath);
            QFile out;
            QIODevice *device = &file;
            if (toStdout) {
                ok = out.open(stdout, QIODevice::WriteOnly);
                device = &out;
            } else {
                ok = file.open(QIODevice::WriteOnly);
            }
            if (!ok) {
                *error = QStringLiteral("cannot write %1: %2").arg(outputPath, device->errorString());
            } else {
                MessageExporter exporter(db, format, device);
                ok = exporter.begin()
                    && view.forEachIdChunk([&](const QVector<qint64> &ids) {
                           return (!cancel || cancel->loadRelaxed() == 0) && exporter.write(ids);
                       })
                    && exporter.finish();
                *count = exporter.written();
                // A failed read of the store ends the export as a failure, never as a shorter file.
                if (view.failure().isError()) {
                    ok = false;
                    *error = view.failure().text;
                } else if (!ok) {
                    *error = cancel && cancel->loadRelaxed() ? QStringLiteral("cancelled") : exporter.errorString();
                }
                if (toStdout)
                    out.flush();
                else if (ok && !file.commit()) {
                    ok = false;
                    *error = QStringLiteral("cannot write %1: %2").arg(outputPath, file.errorString());
                } else if (!ok) {
                    file.cancelWriting();
                }
            }
        }
    }
    Database::close(connection);
    return ok;
}

void ExportJob::start()
{
    m_thread.reset(QThread::create([this] {
        BackgroundPriority::applyToCurrentThread();
        qint64 count = 0;
        QString error;
        const bool ok = run(m_databasePath, m_spec, m_format, m_outputPath, &count, &error, &m_cancel);
        QMetaObject::invokeMethod(this, [this, ok, count, error] { Q_EMIT finished(ok, count, error); },
                                  Qt::QueuedConnection);
    }));
    m_thread->setObjectName(QStringLiteral("export"));
    m_thread->start();
}

} // namespace ns
