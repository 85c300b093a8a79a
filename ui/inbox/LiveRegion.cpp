#include "LiveRegion.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QTimer>

namespace ns {
namespace {

/// The accessible side of a LiveRegion: a notification whose name is what it says.
class AccessibleLiveRegion : public QAccessibleWidget
{
public:
    explicit AccessibleLiveRegion(LiveRegion *region) : QAccessibleWidget(region, QAccessible::Notification) {}

    QString text(QAccessible::Text t) const override
    {
        if (t == QAccessible::Name)
            return static_cast<const LiveRegion *>(widget())->text();
        return QAccessibleWidget::text(t);
    }
};

QAccessibleInterface *liveRegionFactory(const QString &className, QObject *object)
{
    if (className == QLatin1String("ns::LiveRegion") && object && object->isWidgetType())
        return new AccessibleLiveRegion(static_cast<LiveRegion *>(object));
    return nullptr;
}

} // namespace

LiveRegion::LiveRegion(const QString &objectName, QWidget *parent)
    : QWidget(parent), m_delay(new QTimer(this)), m_clear(new QTimer(this))
{
    static const bool installed = [] {
        QAccessible::installFactory(liveRegionFactory);
        return true;
    }();
    Q_UNUSED(installed);
    setObjectName(objectName);
    // Takes no room and no focus; it is there for assistive technology only.
    setFixedSize(0, 0);
    setFocusPolicy(Qt::NoFocus);
    m_delay->setSingleShot(true);
    connect(m_delay, &QTimer::timeout, this, &LiveRegion::say);
    m_clear->setSingleShot(true);
    m_clear->setInterval(ClearAfterMs);
    connect(m_clear, &QTimer::timeout, this, [this] {
        m_text.clear();
        QAccessibleEvent nameChanged(this, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&nameChanged);
    });
}

void LiveRegion::announce(const QString &text)
{
    if (text.isEmpty() || (text == m_text && !m_delay->isActive()))
        return;
    m_waiting = text;
    const qint64 since = m_sinceLast.isValid() ? m_sinceLast.elapsed() : qint64(m_minIntervalMs);
    if (since >= m_minIntervalMs && !m_delay->isActive())
        say();
    else if (!m_delay->isActive())
        m_delay->start(static_cast<int>(m_minIntervalMs - since));
}

void LiveRegion::say()
{
    if (m_waiting.isEmpty() || m_waiting == m_text) {
        m_waiting.clear();
        return;
    }
    m_text = std::exchange(m_waiting, QString());
    m_sinceLast.start();
    m_clear->start();
    ++m_count;
    QAccessibleEvent nameChanged(this, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&nameChanged);
    QAccessibleEvent shown(this, QAccessible::ObjectShow);
    QAccessible::updateAccessibility(&shown);
}

} // namespace ns
