#include "OutboxProgress.h"

#include <QStringList>

namespace ns {

QString OutboxProgress::text() const
{
    QStringList parts;
    if (topicsToCreate > 0)
        parts << QCoreApplication::translate("ns::OutboxProgress", "the cluster to create %n topic(s)", nullptr, topicsToCreate);
    if (deliveryReports > 0)
        parts << QCoreApplication::translate("ns::OutboxProgress", "%n delivery report(s)", nullptr, deliveryReports);
    if (toResend > 0)
        parts << QCoreApplication::translate("ns::OutboxProgress", "%n message(s) to be sent again after a pause", nullptr, toResend);
    if (parts.isEmpty())
        return {};
    // "Waiting for A", "Waiting for A and for B", "Waiting for A, for B and for C".
    QString what = parts.takeFirst();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString separator = i + 1 == parts.size() ? QCoreApplication::translate("ns::OutboxProgress", " and for ")
                                                        : QCoreApplication::translate("ns::OutboxProgress", ", for ");
        what += separator + parts.at(i);
    }
    return QCoreApplication::translate("ns::OutboxProgress", "Waiting for %1").arg(what);
}

std::optional<QString> OutboxProgressLines::lineFor(const OutboxProgress &progress, qint64 elapsedMs)
{
    const QString text = progress.text();
    if (text.isEmpty() || elapsedMs < QuietMs || text == m_lastText || elapsedMs - m_lastPrintMs < QuietMs)
        return std::nullopt;
    m_lastText = text;
    m_lastPrintMs = elapsedMs;
    return tr("after %1 s: %2").arg(elapsedMs / 1000).arg(text);
}

} // namespace ns
