#pragma once
// Where an import's rows go: one implementation per engine, each using its client library's bulk
// path (QtSql's per-row overhead would dominate an import). The Importer drives it:
//
//   begin → createBatch → (sourceId | addEvent | addRejected)* → flush … [commitPiece] … → finishBatch → commit
//
// addEvent queues a valid row (the event and its raw row); flush writes what is queued and reports,
// in order, whether each queued event was new, a duplicate of an event stored by an earlier import,
// or a repeat of an earlier row of this import.
//
// PostgreSQL: everything happens in one transaction (MVCC: other writers do not wait for it), so
// rollback (or destroying the writer) leaves no trace of the batch. SQLite has one writer at a time,
// so an import commits in pieces (commitPiece) to let other writers in between; its batch stays
// `running` until finishBatch + commit, readers of KPIs never see its rows before that (the KPIs are
// updated in the last piece), and the Importer removes the committed pieces of an import that does
// not finish (Storage::BulkWriteLease keeps imports and KPI recomputes apart meanwhile).

#include "common/result.h"
#include "ingest/eventreader.h"
#include "ingest/importer.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>

#include <memory>
#include <optional>

namespace Ingest {

enum class EventOutcome : quint8 {
    Inserted,        // a new event, stored
    DuplicateStored, // the same event was stored by an earlier import
    DuplicateInFile, // the same event came earlier in this import
};

class BatchWriter
{
    Q_DISABLE_COPY_MOVE(BatchWriter)

public:
    BatchWriter() = default;
    virtual ~BatchWriter() = default;

    // The writer for the engine behind connection (which must stay open while the writer lives).
    static Common::Result<std::unique_ptr<BatchWriter>> create(const QSqlDatabase &connection);

    virtual Common::Status begin() = 0;
    virtual Common::Status commit() = 0;
    virtual void rollback() = 0;
    // Commits what is written so far and starts the next piece (SQLite); does nothing on PostgreSQL.
    virtual Common::Status commitPiece() = 0;
    // Makes sure a piece is open before writing on the connection outside the writer (the KPIs).
    virtual Common::Status openPiece() = 0;
    // Whether pieces of this import were committed (and must be removed if it does not finish).
    virtual bool hasCommittedPieces() const = 0;

    virtual Common::Result<qint64> sourceId(const QString &name) = 0;
    virtual Common::Result<qint64> createBatch(const QString &fileName, qint64 size, const QString &format,
                                               const QString &mode, const ImportOptions &options) = 0;

    // Queues one valid row. metric, user, event are UTF-8 (empty: NULL); key is the identity (Common::eventIdentityKey).
    virtual Common::Status addEvent(qint64 batchId, qint64 sourceId, const ParsedRow &row, const QByteArray &day,
                                    const QByteArray &metric, const QByteArray &user, const QByteArray &event,
                                    const QByteArray &key) = 0;
    // Stores a rejected row in raw_events (now or with the next flush).
    virtual Common::Status addRejected(qint64 batchId, const ParsedRow &row) = 0;
    // Queued events not yet flushed.
    virtual qsizetype pending() const = 0;
    // Writes the queue; appends one entry per queued event to outcomes.
    virtual Common::Status flush(qint64 batchId, QList<EventOutcome> &outcomes) = 0;

    virtual Common::Status finishBatch(qint64 batchId, const ImportSummary &summary, std::optional<qint64> sourceId) = 0;

protected:
    // The JSON stored in ingest_batches.options / .message.
    static QByteArray optionsJson(const ImportOptions &options);
    static QByteArray messageJson(const ImportSummary &summary);
};

std::unique_ptr<BatchWriter> makeSqliteBatchWriter(const QSqlDatabase &connection);
std::unique_ptr<BatchWriter> makePostgresBatchWriter(const QSqlDatabase &connection);

} // namespace Ingest
