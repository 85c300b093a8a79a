#include "MessageExporter.h"

#include "InboxRows.h"

#include <QDateTime>
#include <QHash>
#include <QIODevice>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace ns {
namespace {

// One message as read for export: the seed's fields, nulls kept.
struct Record
{
    QVariantList values; ///< In fieldNames() order.
};

enum class Kind { Text, Bool, Int, Date };

const QVector<Kind> &kinds()
{
    static const QVector<Kind> k{Kind::Text, Kind::Text, Kind::Text, Kind::Text, Kind::Bool, Kind::Text, Kind::Date,
                                 Kind::Text, Kind::Date, Kind::Text, Kind::Int,  Kind::Int,  Kind::Text};
    return k;
}

QString isoDate(const QVariant &msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs.toLongLong(), Qt::UTC).toString(Qt::ISODateWithMs);
}

QString csvField(const QVariant &v, Kind kind)
{
    if (v.isNull())
        return {};
    QString s;
    switch (kind) {
    case Kind::Bool: return v.toInt() != 0 ? QStringLiteral("true") : QStringLiteral("false");
    case Kind::Int: return QString::number(v.toLongLong());
    case Kind::Date: return isoDate(v);
    case Kind::Text: s = v.toString(); break;
    }
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!s.isEmpty() && formulaStarts.contains(s.front()))
        s.prepend(QLatin1Char('\''));
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))
        || s.contains(QLatin1Char('\r'))) {
        s.replace(QLatin1Char('"'), QLatin1String("\"\""));
        s = QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

nlohmann::ordered_json jsonValue(const QVariant &v, Kind kind)
{
    if (v.isNull())
        return nullptr;
    switch (kind) {
    case Kind::Bool: return v.toInt() != 0;
    case Kind::Int: return v.toLongLong();
    case Kind::Date: return isoDate(v).toStdString();
    case Kind::Text: break;
    }
    return v.toString().toStdString();
}

} // namespace

const QStringList &MessageExporter::fieldNames()
{
    static const QStringList names{
        QStringLiteral("subject"),       QStringLiteral("uuid"),           QStringLiteral("body"),
        QStringLiteral("reference_url"), QStringLiteral("is_active"),      QStringLiteral("created_by"),
        QStringLiteral("created_date"),  QStringLiteral("modified_by"),    QStringLiteral("modified_date"),
        QStringLiteral("kafka_topic"),   QStringLiteral("kafka_partition"), QStringLiteral("kafka_offset"),
        QStringLiteral("kafka_key"),
    };
    return names;
}

bool MessageExporter::formatFromName(const QString &name, Format *format)
{
    if (name.compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        *format = Format::Csv;
    else if (name.compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        *format = Format::Json;
    else
        return false;
    return true;
}

MessageExporter::MessageExporter(QSqlDatabase db, Format format, QIODevice *out)
    : m_db(std::move(db)), m_format(format), m_out(out)
{
}

bool MessageExporter::put(const QByteArray &bytes)
{
    if (m_out->write(bytes) != bytes.size()) {
        m_error = QStringLiteral("cannot write the export: %1").arg(m_out->errorString());
        return false;
    }
    return true;
}

bool MessageExporter::begin()
{
    if (m_format == Format::Csv)
        return put(fieldNames().join(QLatin1Char(',')).toUtf8() + "\r\n");
    return put("[");
}

bool MessageExporter::write(const QVector<qint64> &ids)
{
    if (ids.isEmpty())
        return true;
    QStringList idText;
    idText.reserve(ids.size());
    for (qint64 id : ids)
        idText.append(QString::number(id));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, %1 FROM messages WHERE id IN (%2)")
                    .arg(fieldNames().join(QLatin1String(", ")), idText.join(QLatin1Char(','))))) {
        m_error = QStringLiteral("cannot read messages to export: %1").arg(q.lastError().text());
        return false;
    }
    QHash<qint64, Record> byId;
    byId.reserve(ids.size());
    const int fields = static_cast<int>(fieldNames().size());
    while (q.next()) {
        Record r;
        r.values.reserve(fields);
        for (int i = 0; i < fields; ++i)
            r.values.append(q.value(i + 1));
        byId.insert(q.value(0).toLongLong(), std::move(r));
    }
    QByteArray chunk;
    for (qint64 id : ids) {
        const auto it = byId.constFind(id);
        if (it == byId.constEnd())
            continue;
        if (m_format == Format::Csv) {
            QStringList cells;
            for (int i = 0; i < fields; ++i)
                cells.append(csvField(it->values.at(i), kinds().at(i)));
            chunk += cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
        } else {
            nlohmann::ordered_json o = nlohmann::ordered_json::object();
            for (int i = 0; i < fields; ++i)
                o[fieldNames().at(i).toStdString()] = jsonValue(it->values.at(i), kinds().at(i));
            chunk += m_written == 0 ? "\n" : ",\n";
            chunk += QByteArray::fromStdString(o.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        }
        ++m_written;
    }
    return put(chunk);
}

bool MessageExporter::finish()
{
    if (m_format == Format::Json && !put(m_written == 0 ? "]\n" : "\n]\n"))
        return false;
    return true;
}

bool MessageExporter::exportView(InboxRows &view, QSqlDatabase db, Format format, QIODevice *out, qint64 *count,
                                 QString *error)
{
    MessageExporter exporter(std::move(db), format, out);
    const bool ok = exporter.begin()
        && view.forEachIdChunk([&exporter](const QVector<qint64> &ids) { return exporter.write(ids); })
        && exporter.finish();
    *count = exporter.written();
    if (view.failure().isError()) {
        *error = view.failure().text;
        return false;
    }
    *error = ok ? QString() : exporter.errorString();
    return ok;
}

} // namespace ns
