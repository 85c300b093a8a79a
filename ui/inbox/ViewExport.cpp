#include "ViewExport.h"

#include "ExportJob.h"

#include <QAction>
#include <QFileDialog>
#include <QLocale>
#include <QWidget>

namespace ns {

ViewExport::ViewExport(QString databasePath, QAction *action, QWidget *window)
    : QObject(window), m_databasePath(std::move(databasePath)), m_action(action), m_window(window)
{
}

void ViewExport::chooseFileFor(const InboxViewSpec &spec)
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export View"), QStringLiteral("messages.csv"),
                                                      tr("CSV (*.csv);;JSON (*.json)"), &selected);
    if (path.isEmpty())
        return;
    const bool json = selected.contains(QLatin1String("json")) || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    exportTo(spec, path, json ? MessageExporter::Format::Json : MessageExporter::Format::Csv);
}

void ViewExport::exportTo(const InboxViewSpec &spec, const QString &path, MessageExporter::Format format)
{
    if (m_job && m_job->isRunning()) {
        Q_EMIT statusMessage(tr("An export is already running."), 4000);
        return;
    }
    delete m_job;
    m_job = new ExportJob(m_databasePath, spec, format, path, this);
    m_action->setEnabled(false);
    Q_EMIT statusMessage(tr("Exporting…"), 0);
    connect(m_job, &ExportJob::finished, this, [this, path](bool ok, qint64 count, const QString &error) {
        m_action->setEnabled(true);
        Q_EMIT statusMessage(ok ? tr("Exported %1 messages to %2.").arg(QLocale().toString(count), path)
                                : tr("The export failed: %1").arg(error),
                             10'000);
        Q_EMIT finished(ok, count, error);
    });
    m_job->start();
}

void ViewExport::cancel()
{
    if (m_job && m_job->isRunning())
        m_job->cancel();
}

} // namespace ns
