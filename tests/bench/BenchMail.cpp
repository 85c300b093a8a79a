#include "BenchMail.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

const QStringList &BenchMail::senders()
{
    static const QStringList list{
        QStringLiteral("System Account"), QStringLiteral("Data Steward"),   QStringLiteral("Legal Office"),
        QStringLiteral("Operations"),     QStringLiteral("Security Team"),  QStringLiteral("Research Office"),
        QStringLiteral("Helpdesk"),       QStringLiteral("Billing"),        QStringLiteral("Project Lead"),
        QStringLiteral("Grants Office"),  QStringLiteral("Ada Lovelace"),   QStringLiteral("Jürgen Müller"),
        QStringLiteral("María García"),   QStringLiteral("Chen Wei"),       QStringLiteral("Fatima Zahra"),
        QStringLiteral("Olu Adeyemi"),    QStringLiteral("Sven Larsson"),   QStringLiteral("Priya Natarajan"),
    };
    return list;
}

const QStringList &BenchMail::projects()
{
    static const QStringList list{
        QStringLiteral("Río Grande estuary"), QStringLiteral("Coastal sensor readings"), QStringLiteral("Arctic ice cores"),
        QStringLiteral("Urban heat islands"), QStringLiteral("Soil carbon survey"),      QStringLiteral("Bird migration 2024"),
        QStringLiteral("Glacier retreat"),    QStringLiteral("Wetland restoration"),     QStringLiteral("Air quality panel"),
    };
    return list;
}

const QStringList &BenchMail::sentences()
{
    static const QStringList list{
        QStringLiteral("Your request was received and is waiting for review by the data steward."),
        QStringLiteral("Please review and sign the data-use agreement before Friday."),
        QStringLiteral("The service will be unavailable while we upgrade the storage cluster."),
        QStringLiteral("A new member joined the project as a researcher."),
        QStringLiteral("Signed infrastructure-use agreements are attached to the request."),
        QStringLiteral("If this was not you, reset your password right away."),
        QStringLiteral("Three requests are awaiting review and two new datasets were published."),
        QStringLiteral("The export you asked for is ready to download for the next seven days."),
        QStringLiteral("Renew the agreement to keep access to the dataset."),
        QStringLiteral("Comments were added to the dataset description."),
    };
    return list;
}

const QStringList &BenchMail::vocabulary()
{
    static const QStringList words = [] {
        static const char *syllables[] = {"ka", "lo", "mi", "ra", "te", "sun", "dor", "vel", "pri", "on",
                                          "ma", "ta", "ri", "mo", "ne", "lu",  "ga",  "fi",  "zo",  "be"};
        QStringList out;
        QRandomGenerator rng(42);
        while (out.size() < 6000) {
            QString w;
            const int n = 2 + rng.bounded(3);
            for (int i = 0; i < n; ++i)
                w += QLatin1String(syllables[rng.bounded(20)]);
            out.append(w);
        }
        return out;
    }();
    return words;
}

QString BenchMail::zipfWords(QRandomGenerator &rng, const QStringList &words, int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i) {
        const double u = rng.generateDouble();
        const auto rank = static_cast<qsizetype>(std::exp(u * std::log(double(words.size())))) - 1;
        out.append(words.at(std::clamp<qsizetype>(rank, 0, words.size() - 1)));
    }
    return out.join(QLatin1Char(' '));
}

QByteArray BenchMail::wireValue(qint64 i, qint64 count, qint64 endMs, QRandomGenerator &rng)
{
    const QString project = projects().at(rng.bounded(int(projects().size())));
    const int number = 1000 + rng.bounded(900'000);
    QString subject;
    switch (rng.bounded(12)) {
    case 0: subject = QStringLiteral("Dataset request #%1 received").arg(number); break;
    case 1: subject = QStringLiteral("Request #%1 approved").arg(number); break;
    case 2: subject = QStringLiteral("Agreement for \"%1\" needs your signature").arg(project); break;
    case 3: subject = QStringLiteral("Reminder: agreement expires in %1 days").arg(1 + rng.bounded(30)); break;
    case 4: subject = QStringLiteral("Maintenance window on %1").arg(project); break;
    case 5: subject = QStringLiteral("Weekly digest: %1").arg(zipfWords(rng, vocabulary(), 3)); break;
    case 6: subject = QStringLiteral("New member in \"%1\"").arg(project); break;
    case 7: subject = QStringLiteral("Security notice: new sign-in from %1").arg(zipfWords(rng, vocabulary(), 1)); break;
    case 8: subject = QStringLiteral("Comment on \"%1\": %2").arg(project, zipfWords(rng, vocabulary(), 4)); break;
    case 9: subject = QStringLiteral("Invoice %1 for \"%2\"").arg(number).arg(project); break;
    case 10: subject = zipfWords(rng, vocabulary(), 2 + rng.bounded(6)); break;
    default: subject = QStringLiteral("Your export of \"%1\" is ready").arg(project); break;
    }
    if (i == count - 1) // The needle bench_catchup searches for ("all searchable"), as in the counter data.
        subject = QStringLiteral("Request %1 approved").arg(i);
    // Bodies from one sentence to a few paragraphs (about 60 to 2,500 bytes).
    QString body = sentences().at(rng.bounded(int(sentences().size())));
    const int paragraphs = rng.bounded(4);
    for (int p = 0; p < paragraphs; ++p)
        body += QStringLiteral("\n\n") + zipfWords(rng, vocabulary(), 8 + rng.bounded(90));
    body += QLatin1Char(' ') + sentences().at(rng.bounded(int(sentences().size())));

    static const QStringList hosts{QStringLiteral("https://ns-dev-1.cyberimpact.us/requests/"),
                                   QStringLiteral("https://portal.example.org/agreements/"),
                                   QStringLiteral("https://billing.example.com/invoices/"),
                                   QStringLiteral("https://status.example.net/incidents/")};
    const QString url = rng.bounded(5) == 0 ? QString() : hosts.at(rng.bounded(int(hosts.size()))) + QString::number(number);
    // Within the week before endMs, in arrival order give or take ten minutes.
    const qint64 week = 7LL * 24 * 3600 * 1000;
    const qint64 created = endMs - week + week * i / std::max<qint64>(1, count) - rng.bounded(600'000);

    QJsonObject message{{QStringLiteral("subject"), subject},
                        {QStringLiteral("body"), body},
                        {QStringLiteral("reference_url"), url},
                        {QStringLiteral("is_active"), rng.bounded(200) != 0},
                        {QStringLiteral("created_by"), senders().at(rng.bounded(int(senders().size())))},
                        {QStringLiteral("created_date"),
                         QDateTime::fromMSecsSinceEpoch(created, Qt::UTC).toString(Qt::ISODateWithMs)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("ns-message"), message}}).toJson(QJsonDocument::Compact);
}
