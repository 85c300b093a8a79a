#pragma once

#include "MessageIndex.h"

#include <QSqlDatabase>
#include <QString>
#include <QVector>

class QIODevice;

namespace ns {

class InboxRows;

/// Writes messages as CSV or JSON with the seed's `Message` field names, a chunk at a time.
///
/// Streaming: the caller hands over ids in order (InboxRows::forEachIdChunk), each chunk is read,
/// written and dropped, so a million messages export without holding them. CSV follows RFC 4180
/// (quoted when needed, CRLF) and neutralises spreadsheet formulas: a text cell starting with
/// = + - @ or a tab gets a leading apostrophe, so a hostile subject cannot run in Excel or Calc.
class MessageExporter
{
public:
    enum class Format { Csv, Json };

    /// The seed's field names, in its model's order.
    static const QStringList &fieldNames();
    static bool formatFromName(const QString &name, Format *format);

    MessageExporter(QSqlDatabase db, Format format, QIODevice *out);

    bool begin();
    /// Writes the messages with these ids, in this order.
    bool write(const QVector<qint64> &ids);
    bool finish();

    qint64 written() const { return m_written; }
    QString errorString() const { return m_error; }

    /// Exports every message of the view; false with `error` set on failure.
    static bool exportView(InboxRows &view, QSqlDatabase db, Format format, QIODevice *out, qint64 *count,
                           QString *error);

private:
    bool put(const QByteArray &bytes);

    MessageIndex m_index;
    Format m_format;
    QIODevice *m_out;
    qint64 m_written = 0;
    QString m_error;
};

} // namespace ns
