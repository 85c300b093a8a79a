#include "HeadlessSearch.h"

#include "AppPaths.h"
#include "Database.h"
#include "DemoCluster.h"
#include "MessageExporter.h"
#include "MessageIndex.h"
#include "MessageSearch.h"
#include "SearchQuery.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace app {
namespace {

constexpr qsizetype ChunkSize = 500; // Rows read and written at a time: a million matches stream.

/// The matches of the request's query in its inbox, on a connection of its own.
class InboxMatches
{
public:
    ~InboxMatches()
    {
        m_db = {};
        if (!m_connection.isEmpty())
            ns::Database::close(m_connection);
    }

    /// 0 when the matches are there; else the exit status (1: no inbox or a store error, 2: the
    /// query does not parse), the reason printed.
    int find(const ns::LaunchRequest &request, ns::InboxFilter folder)
    {
        QTextStream err(stderr);
        const QString path = !request.databasePath.isEmpty() ? request.databasePath
            : request.demo ? ns::AppPaths::databaseFor(ns::DemoCluster::demoUserUuid(), true)
                           : ns::AppPaths::databaseFor(request.settings.userUuid);
        ns::SearchParseError parseError;
        const ns::SearchQuery query = ns::SearchQuery::parse(request.query, ns::SearchClock::system(), &parseError);
        if (parseError.isError()) {
            err << "ns-inbox: the query does not parse: " << parseError.message << Qt::endl;
            return 2;
        }
        if (!QFileInfo::exists(path)) {
            err << "ns-inbox: no inbox at " << path << Qt::endl;
            return 1;
        }
        m_connection = ns::Database::uniqueConnectionName(QStringLiteral("search"));
        ns::StoreError error;
        m_db = ns::Database::open(path, m_connection, &error);
        if (!m_db.isValid()) {
            err << "ns-inbox: cannot open " << path << ": " << error.text << Qt::endl;
            return 1;
        }
        const QVector<ns::MessageIndex::Hit> hits =
            ns::MessageSearch(m_db).matches(query, folder, ns::MessageSearch::NoLimit, &error);
        if (error.isError()) {
            err << "ns-inbox: search failed: " << error.text << Qt::endl;
            return 1;
        }
        m_ids.reserve(hits.size());
        for (const ns::MessageIndex::Hit &h : hits)
            m_ids.append(h.id);
        return 0;
    }

    QSqlDatabase database() const { return m_db; }
    const QVector<qint64> &ids() const { return m_ids; }

private:
    QString m_connection;
    QSqlDatabase m_db;
    QVector<qint64> m_ids;
};

// A field on one tab-separated line: tabs, line breaks and other control characters become spaces.
QString oneLine(QString s)
{
    for (QChar &c : s) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = QLatin1Char(' ');
    }
    return s;
}

QString isoDate(const QVariant &msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs.toLongLong(), Qt::UTC).toString(Qt::ISODate);
}

} // namespace

int runSearch(const ns::LaunchRequest &request)
{
    InboxMatches matches;
    if (const int status = matches.find(request, ns::InboxFilter::All); status != 0)
        return status;
    static const QStringList columns{
        QStringLiteral("id"),         QStringLiteral("created_date"),    QStringLiteral("created_by"),
        QStringLiteral("subject"),    QStringLiteral("reference_url"),   QStringLiteral("uuid"),
        QStringLiteral("is_read"),    QStringLiteral("kafka_partition"), QStringLiteral("kafka_offset"),
        QStringLiteral("kafka_key")};
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly)) {
        QTextStream(stderr) << "ns-inbox: cannot write to standard output" << Qt::endl;
        return 1;
    }
    ns::MessageIndex index(matches.database());
    const QVector<qint64> &ids = matches.ids();
    for (qsizetype i = 0; i < ids.size(); i += ChunkSize) {
        ns::StoreError error;
        const QVector<QVariantList> rows = index.values(columns, ids.mid(i, ChunkSize), &error);
        if (error.isError()) {
            QTextStream(stderr) << "ns-inbox: search failed: " << error.text << Qt::endl;
            return 1;
        }
        QByteArray chunk;
        for (const QVariantList &v : rows) {
            if (request.searchJson) {
                QJsonObject o;
                o[QStringLiteral("id")] = v.at(0).toLongLong();
                o[QStringLiteral("date")] = isoDate(v.at(1));
                o[QStringLiteral("from")] = v.at(2).toString();
                o[QStringLiteral("subject")] = v.at(3).toString();
                o[QStringLiteral("url")] = v.at(4).toString();
                o[QStringLiteral("uuid")] = v.at(5).toString();
                o[QStringLiteral("read")] = v.at(6).toInt() != 0;
                o[QStringLiteral("partition")] = v.at(7).toLongLong();
                o[QStringLiteral("offset")] = v.at(8).toLongLong();
                o[QStringLiteral("key")] = v.at(9).isNull() ? QJsonValue() : QJsonValue(v.at(9).toString());
                chunk += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
            } else {
                const QStringList fields{QString::number(v.at(0).toLongLong()), isoDate(v.at(1)), oneLine(v.at(2).toString()),
                                         oneLine(v.at(3).toString()), oneLine(v.at(4).toString())};
                chunk += fields.join(QLatin1Char('\t')).toUtf8() + '\n';
            }
        }
        if (out.write(chunk) != chunk.size()) {
            QTextStream(stderr) << "ns-inbox: cannot write to standard output: " << out.errorString() << Qt::endl;
            return 1;
        }
    }
    out.flush();
    return 0;
}

// As ExportJob::run writes a view: standard output streams; a file is written aside and renamed
// when complete, so a failed export never leaves a shorter file behind.
int runQueryExport(const ns::LaunchRequest &request)
{
    InboxMatches matches;
    if (const int status = matches.find(request, request.exportView.filter); status != 0)
        return status;
    QTextStream err(stderr);
    const bool toStdout = request.exportOutput == QLatin1String("-");
    QSaveFile file(request.exportOutput);
    QFile out;
    QIODevice *device = toStdout ? static_cast<QIODevice *>(&out) : &file;
    if (!(toStdout ? out.open(stdout, QIODevice::WriteOnly) : file.open(QIODevice::WriteOnly))) {
        err << "ns-inbox: export failed: cannot write " << request.exportOutput << ": " << device->errorString() << Qt::endl;
        return 1;
    }
    ns::MessageExporter exporter(matches.database(), request.exportFormat, device);
    bool ok = exporter.begin();
    const QVector<qint64> &ids = matches.ids();
    for (qsizetype i = 0; ok && i < ids.size(); i += ChunkSize)
        ok = exporter.write(ids.mid(i, ChunkSize));
    ok = ok && exporter.finish();
    if (toStdout)
        out.flush();
    else if (ok)
        ok = file.commit();
    else
        file.cancelWriting();
    if (!ok) {
        err << "ns-inbox: export failed: "
            << (exporter.errorString().isEmpty() ? device->errorString() : exporter.errorString()) << Qt::endl;
        return 1;
    }
    err << "exported " << exporter.written() << " message(s)" << Qt::endl;
    return 0;
}

} // namespace app
