#include "MessageExporter.h"

#include "InboxRows.h"

#include <QDateTime>
#include <QIODevice>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace ns {
namespace {

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
    : m_index(std::move(db)), m_format(format), m_out(out)
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
    StoreError error;
    const QVector<QVariantList> records = m_index.values(fieldNames(), ids, &error);
    if (error.isError()) {
        m_error = QStringLiteral("cannot read messages to export: %1").arg(error.text);
        return false;
    }
    const int fields = static_cast<int>(fieldNames().size());
    QByteArray chunk;
    for (const QVariantList &values : records) {
        if (m_format == Format::Csv) {
            QStringList cells;
            for (int i = 0; i < fields; ++i)
                cells.append(csvField(values.at(i), kinds().at(i)));
            chunk += cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
        } else {
            nlohmann::ordered_json o = nlohmann::ordered_json::object();
            for (int i = 0; i < fields; ++i)
                o[fieldNames().at(i).toStdString()] = jsonValue(values.at(i), kinds().at(i));
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
