#include "LogFile.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>

#include <algorithm>

namespace ns {
namespace {

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

LogFile::LogFile(QString path, qint64 maxBytes, int keep)
    : m_path(std::move(path)), m_maxBytes(std::max<qint64>(maxBytes, 1024)), m_keep(std::max(keep, 0)), m_file(m_path)
{
}

bool LogFile::open(QString *error)
{
    QMutexLocker lock(&m_mutex);
    return openLocked(error);
}

bool LogFile::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_file.isOpen();
}

QString LogFile::rotatedPath(int generation) const
{
    return m_path + QLatin1Char('.') + QString::number(generation);
}

bool LogFile::openLocked(QString *error)
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(dir);
        return false;
    }
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // The permissions apply when the file is created; an older file gets them set below.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text, OwnerOnly)) {
        if (error)
            *error = m_file.errorString();
        return false;
    }
    m_file.setPermissions(OwnerOnly);
    return true;
}

void LogFile::writeLine(const QByteArray &line)
{
    QMutexLocker lock(&m_mutex);
    if (!m_file.isOpen())
        return;
    if (m_file.size() > 0 && m_file.size() + line.size() + 1 > m_maxBytes)
        rotateLocked();
    if (!m_file.isOpen())
        return;
    m_file.write(line);
    m_file.write("\n", 1);
    // Unbuffered on purpose: the last lines before a crash are the ones a bug report needs.
    m_file.flush();
}

void LogFile::rotateLocked()
{
    m_file.close();
    if (m_keep == 0) {
        QFile::remove(m_path);
    } else {
        QFile::remove(rotatedPath(m_keep));
        for (int generation = m_keep - 1; generation >= 1; --generation)
            QFile::rename(rotatedPath(generation), rotatedPath(generation + 1));
        QFile::rename(m_path, rotatedPath(1));
    }
    openLocked(nullptr);
}

} // namespace ns
