#pragma once

#include <QFile>
#include <QMutex>
#include <QString>

namespace ns {

/// An append-only log file that rotates by size: `name.log`, then `name.log.1` … `name.log.<keep>`, oldest
/// dropped; every file readable by its owner only (0600), since logs name brokers, users and topics.
class LogFile
{
public:
    static constexpr qint64 DefaultMaxBytes = 1024 * 1024;
    static constexpr int DefaultKeep = 3;

    explicit LogFile(QString path, qint64 maxBytes = DefaultMaxBytes, int keep = DefaultKeep);
    LogFile(const LogFile &) = delete;
    LogFile &operator=(const LogFile &) = delete;

    /// Creates the folder (0700) and opens the file for appending; false with `error` set on failure.
    bool open(QString *error = nullptr);
    bool isOpen() const;
    /// Appends one line (a newline is added); rotates first when the line would pass the size cap.
    /// Safe to call from any thread.
    void writeLine(const QByteArray &line);

    QString path() const { return m_path; }
    /// `path.1` … `path.keep`: where older contents go, newest first.
    QString rotatedPath(int generation) const;

private:
    bool openLocked(QString *error);
    void rotateLocked();

    const QString m_path;
    const qint64 m_maxBytes;
    const int m_keep;
    mutable QMutex m_mutex;
    QFile m_file;
};

} // namespace ns
