#pragma once
// Import history: the batches stored so far, the rows a batch rejected, and deleting a batch (its
// events go, and the KPIs of the days it touched are recomputed, in one transaction).

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace Storage {
class Database;
}

namespace Ingest {

struct BatchInfo final
{
    qint64 id = 0;
    QString source;   // empty when the rows named several sources
    QString fileName;
    qint64 fileSize = -1;
    QString sha256;
    QString format;
    QString mode;
    QString status;
    qint64 received = 0, inserted = 0, duplicates = 0, rejected = 0;
    QString startedAt, finishedAt;
    QString createdBy;

    QJsonObject toJson() const;
};

struct RejectedRow final
{
    qint64 line = 0;
    QString column;
    QString reason;
    QString payload;
};

struct BatchRemoval final
{
    qint64 batchId = 0;
    qint64 eventsRemoved = 0;
    qint64 kpiRowsChanged = 0;
    QJsonObject toJson() const;
};

class BatchService final
{
public:
    explicit BatchService(std::shared_ptr<Storage::Database> database);

    Common::Result<QList<BatchInfo>> list(const QString &source = {}, int limit = 1000);
    Common::Result<BatchInfo> find(qint64 id);
    Common::Result<QList<RejectedRow>> rejectedRows(qint64 batchId, int limit = 1000);
    Common::Result<BatchRemoval> remove(qint64 id);

private:
    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Ingest
