#include "LogRouter.h"

#include "LogFile.h"

#include <QDateTime>
#include <QMutex>
#include <QMutexLocker>

#include <cstdio>

namespace ns {
namespace {

struct RouterState
{
    QMutex mutex;
    std::unique_ptr<LogFile> file;
    QStringList recent;
    QtMessageHandler previous = nullptr;
    bool installed = false;
};

RouterState &state()
{
    static RouterState s; // Never destroyed before the last message: a function-local static outlives main().
    return s;
}

const char *typeName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "unknown";
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // A message raised while writing one (say, by QFile) would deadlock on the mutex: stderr only then.
    thread_local bool busy = false;
    const QString forStderr = qFormatLogMessage(type, context, message);
    std::fputs(forStderr.toLocal8Bit().constData(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
    if (busy)
        return;
    busy = true;

    const QString line = LogRouter::formatLine(type, QString::fromUtf8(context.category ? context.category : "default"), message);
    RouterState &s = state();
    QMutexLocker lock(&s.mutex);
    if (s.file)
        s.file->writeLine(line.toUtf8());
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) {
        s.recent.append(line);
        while (s.recent.size() > LogRouter::RecentProblemCount)
            s.recent.removeFirst();
    }
    busy = false;
}

} // namespace

void LogRouter::install(std::unique_ptr<LogFile> file)
{
    RouterState &s = state();
    {
        QMutexLocker lock(&s.mutex);
        s.file = std::move(file);
    }
    if (!s.installed) {
        s.previous = qInstallMessageHandler(handleMessage);
        s.installed = true;
    }
}

void LogRouter::uninstall()
{
    RouterState &s = state();
    if (s.installed) {
        qInstallMessageHandler(s.previous);
        s.installed = false;
    }
    QMutexLocker lock(&s.mutex);
    s.file.reset();
}

QString LogRouter::logFilePath()
{
    RouterState &s = state();
    QMutexLocker lock(&s.mutex);
    return s.file ? s.file->path() : QString();
}

QStringList LogRouter::recentProblems()
{
    RouterState &s = state();
    QMutexLocker lock(&s.mutex);
    return s.recent;
}

QString LogRouter::formatLine(QtMsgType type, const QString &category, const QString &message)
{
    return QStringLiteral("%1 %2 %3: %4")
        .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QLatin1String(typeName(type)), category, message);
}

} // namespace ns
