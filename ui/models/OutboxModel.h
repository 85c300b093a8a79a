#pragma once

#include "OutboxEntry.h"
#include "StoreError.h"

#include <QAbstractTableModel>
#include <QHash>

namespace ns {

/// The Sent view's rows: one per recipient of each sent message, newest first, kept current
/// from the outbox worker's change signals (rows updated in place, new ones inserted).
class OutboxModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StatusColumn, RecipientColumn, SubjectColumn, DetailColumn, AttemptsColumn, DateColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< qint64 row id in the outbox.
        StatusRole,                ///< The status name: "pending", "delivered" or "failed".
    };

    explicit OutboxModel(QObject *parent = nullptr);

    /// Initial contents (newest first), before the view is attached.
    void load(const QVector<OutboxEntry> &newestFirst);
    /// The initial contents could not be read: the rows are only what changed since, and the
    /// view says so (an empty list would say nothing was sent). load() clears it.
    void setLoadFailure(const StoreError &error);
    const StoreError &loadFailure() const { return m_loadFailure; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const OutboxEntry &entryAt(int row) const { return m_entries.at(row); }
    /// Names from the address book, shown for recipients (their UUID in the tooltip).
    void addNames(const QHash<QString, QString> &namesByUuid);
    bool hasName(const QString &uuid) const { return m_names.contains(uuid); }
    /// Ids of every failed row.
    QVector<qint64> failedIds() const;
    int countWithStatus(OutboxStatus status) const;

public Q_SLOTS:
    /// Rows as the worker now has them: known ids change in place, new ids are inserted.
    void applyChanges(const QVector<ns::OutboxEntry> &entries);

Q_SIGNALS:
    /// After every applyChanges() that changed something: counts may differ.
    void countsChanged();

private:
    void reindex(int fromRow);
    int insertionRow(qint64 id) const;
    QString detail(const OutboxEntry &e) const;

    StoreError m_loadFailure;
    QVector<OutboxEntry> m_entries;  ///< Newest (highest id) first.
    QHash<qint64, int> m_rowById;
    QHash<QString, QString> m_names;
};

} // namespace ns
