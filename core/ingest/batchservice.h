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
    qint64 duplicatesStored = 0, duplicatesInFile = 0; // duplicates = their sum
    QStringList notes;   // the outcome in words (ImportSummary's outcome notes)
    QStringList columns; // CSV: the file's header, for re-importable rejected rows
    QString delimiter;
    QString startedAt, finishedAt;
    QString createdBy;

    QJsonObject toJson() const;
};

struct RejectedRow final
{
    qint64 line = 0;
    QString column;  // the column or field at fault (may be empty: a malformed record)
    QString reason;  // the reason code; reasonText() says it in words
    QString payload; // the record as received
    QString value;   // the value at fault, as received (truncated to ~200 characters)

    QJsonObject toJson() const;
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
    // The rows an import rejected, in line order: all of them (limit 0), or a page after afterLine.
    Common::Result<QList<RejectedRow>> rejectedRows(qint64 batchId, qint64 afterLine = 0, int limit = 0);
    // The rejected rows as a file to fix and import again: for a CSV import the file's header and the
    // records as received; for JSON imports one object per line (NDJSON).
    Common::Result<QByteArray> rejectedRowsFile(qint64 batchId);
    Common::Result<BatchRemoval> remove(qint64 id);

private:
    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Ingest
