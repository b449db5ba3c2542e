// SQLite: prepared statements on the connection's own sqlite3 handle, executed row by row (SQLite is
// in-process: a row costs a function call, not a round trip), so flush only hands back outcomes.

#include "batchwriter.h"

#include "common/clock.h"
#include "storage/database.h"

#include <QVariant>

#include <sqlite3.h>

namespace Ingest {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

class SqliteBatchWriter final : public BatchWriter
{
public:
    explicit SqliteBatchWriter(sqlite3 *handle) : m_db(handle) {}
    ~SqliteBatchWriter() override
    {
        for (sqlite3_stmt *statement : {m_insertEvent, m_insertRaw, m_insertSource, m_selectSource, m_selectHolder})
            sqlite3_finalize(statement);
        rollback();
    }

    Status begin() override
    {
        // Every row this import writes references its own batch and a source that it created or
        // looked up inside the same write transaction, so SQLite's per-row foreign-key lookups on
        // clean_events and raw_events cannot fail: they are switched off for the import (the pragma
        // only takes effect outside a transaction) and back on when it ends, committed or not.
        m_restoreForeignKeys = foreignKeysOn();
        if (m_restoreForeignKeys) {
            if (Status s = exec("PRAGMA foreign_keys = OFF"); !s)
                return s;
        }
        if (Status s = exec("BEGIN IMMEDIATE"); !s) {
            restoreForeignKeys();
            return s;
        }
        m_inTransaction = true;
        if (Status s = prepare(m_insertEvent,
                "INSERT INTO clean_events (batch_id, source_id, ts, day, metric, value, user_id, event_id, attributes, dedup_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"); !s)
            return s;
        if (Status s = prepare(m_insertRaw,
                "INSERT INTO raw_events (batch_id, line_no, payload, outcome, reject_column, reject_reason, reject_value)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"); !s)
            return s;
        // Which import holds an identity: this one (a repeat inside the file) or an earlier one.
        if (Status s = prepare(m_selectHolder, "SELECT batch_id FROM clean_events WHERE source_id = ? AND dedup_key = ?"); !s)
            return s;
        if (Status s = prepare(m_insertSource, "INSERT INTO sources (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"); !s)
            return s;
        return prepare(m_selectSource, "SELECT id FROM sources WHERE name = ?");
    }

    Status commit() override
    {
        Status s = exec("COMMIT");
        if (s) {
            m_inTransaction = false;
            restoreForeignKeys();
        }
        return s;
    }

    Status commitPiece() override
    {
        if (!m_inTransaction)
            return {};
        if (Status s = exec("COMMIT"); !s)
            return s;
        m_inTransaction = false;
        ++m_pieces;
        // Writers waiting for the lock try every millisecond (Storage::Database): a short pause lets
        // one of them in before the next piece, which starts with the next write (openPiece), so
        // the lock is free while the import reads and parses.
        sqlite3_sleep(2);
        return {};
    }

    Status openPiece() override
    {
        if (m_inTransaction)
            return {};
        if (Status s = exec("BEGIN IMMEDIATE"); !s)
            return s;
        m_inTransaction = true;
        return {};
    }

    bool hasCommittedPieces() const override { return m_pieces > 0; }

    void rollback() override
    {
        if (m_inTransaction) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            m_inTransaction = false;
        }
        restoreForeignKeys();
    }

    Result<qint64> sourceId(const QString &name) override
    {
        if (const auto it = m_sources.constFind(name); it != m_sources.constEnd())
            return *it;
        if (Status s = openPiece(); !s)
            return s.error();
        const QByteArray utf8 = name.toUtf8();
        const QByteArray now = Common::nowIsoUtc().toUtf8();
        sqlite3_bind_text(m_insertSource, 1, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
        sqlite3_bind_text(m_insertSource, 2, now.constData(), int(now.size()), SQLITE_STATIC);
        if (Status s = step(m_insertSource, "creating the source"); !s)
            return s.error();
        sqlite3_bind_text(m_selectSource, 1, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
        if (sqlite3_step(m_selectSource) != SQLITE_ROW)
            return failure("looking up the source");
        const qint64 id = sqlite3_column_int64(m_selectSource, 0);
        sqlite3_reset(m_selectSource);
        m_sources.insert(name, id);
        return id;
    }

    Result<qint64> createBatch(const QString &fileName, qint64 size, const QString &format, const QString &mode,
                               const ImportOptions &options) override
    {
        sqlite3_stmt *statement = nullptr;
        if (Status s = prepare(statement,
                "INSERT INTO ingest_batches (file_name, file_size, format, mode, status, default_metric, timezone, options,"
                " created_by, started_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?) RETURNING id"); !s)
            return s.error();
        const QList<QByteArray> texts{fileName.toUtf8(), format.toUtf8(), mode.toUtf8(), options.read.defaultMetric.toUtf8(),
                                      options.read.timezone.id(), optionsJson(options),
                                      options.createdBy.toUtf8(), Common::nowIsoUtc().toUtf8()};
        sqlite3_bind_text(statement, 1, texts[0].constData(), int(texts[0].size()), SQLITE_STATIC);
        if (size >= 0)
            sqlite3_bind_int64(statement, 2, size);
        for (int i = 1; i < texts.size(); ++i)
            sqlite3_bind_text(statement, i + 2, texts[i].constData(), int(texts[i].size()), SQLITE_STATIC);
        const int rc = sqlite3_step(statement);
        qint64 id = 0;
        if (rc == SQLITE_ROW)
            id = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
        if (rc != SQLITE_ROW)
            return failure("recording the batch");
        return id;
    }

    Status addEvent(qint64 batchId, qint64 sourceId, const ParsedRow &row, const QByteArray &day,
                    const QByteArray &metric, const QByteArray &user, const QByteArray &event,
                    const QByteArray &key) override
    {
        if (Status status = openPiece(); !status)
            return status;
        sqlite3_stmt *s = m_insertEvent;
        sqlite3_bind_int64(s, 1, batchId);
        sqlite3_bind_int64(s, 2, sourceId);
        sqlite3_bind_int64(s, 3, row.tsMs);
        sqlite3_bind_text(s, 4, day.constData(), int(day.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 5, metric.constData(), int(metric.size()), SQLITE_STATIC);
        sqlite3_bind_double(s, 6, row.value);
        bindOptionalText(s, 7, user);
        bindOptionalText(s, 8, event);
        bindOptionalText(s, 9, row.attributesJson);
        sqlite3_bind_blob(s, 10, key.constData(), int(key.size()), SQLITE_STATIC);
        if (Status status = step(s, "storing an event"); !status)
            return status;
        EventOutcome outcome = EventOutcome::Inserted;
        if (sqlite3_changes(m_db) > 0) {
            ++m_inserted;
        } else if (m_inserted == 0) {
            // Nothing of this import is stored yet, so the event was stored by an earlier one (a
            // re-import of a whole file pays no lookup per row).
            outcome = EventOutcome::DuplicateStored;
        } else {
            sqlite3_stmt *h = m_selectHolder;
            sqlite3_bind_int64(h, 1, sourceId);
            sqlite3_bind_blob(h, 2, key.constData(), int(key.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(h);
            const qint64 holder = rc == SQLITE_ROW ? sqlite3_column_int64(h, 0) : 0;
            sqlite3_reset(h);
            sqlite3_clear_bindings(h);
            if (rc != SQLITE_ROW)
                return failure("finding the stored copy of a duplicate event");
            outcome = holder == batchId ? EventOutcome::DuplicateInFile : EventOutcome::DuplicateStored;
        }
        m_outcomes.append(outcome);
        return insertRaw(batchId, row, outcome == EventOutcome::Inserted ? "inserted" : "duplicate");
    }

    Status addRejected(qint64 batchId, const ParsedRow &row) override
    {
        if (Status s = openPiece(); !s)
            return s;
        return insertRaw(batchId, row, "rejected");
    }

    qsizetype pending() const override { return m_outcomes.size(); }

    Status flush(qint64, QList<EventOutcome> &outcomes) override
    {
        outcomes.append(m_outcomes);
        m_outcomes.clear();
        return {};
    }

    Status finishBatch(qint64 batchId, const ImportSummary &summary, std::optional<qint64> sourceId) override
    {
        if (Status s = openPiece(); !s)
            return s;
        sqlite3_stmt *statement = nullptr;
        if (Status s = prepare(statement,
                "UPDATE ingest_batches SET status = ?, received = ?, inserted = ?, duplicates = ?, rejected = ?,"
                " sha256 = ?, min_ts = ?, max_ts = ?, source_id = ?, message = ?, finished_at = ?, duplicates_in_file = ?"
                " WHERE id = ?"); !s)
            return s;
        const QByteArray sha = summary.sha256.toLatin1();
        const QByteArray message = messageJson(summary);
        const QByteArray now = Common::nowIsoUtc().toUtf8();
        const QByteArray status = summary.status.toUtf8();
        sqlite3_bind_text(statement, 1, status.constData(), int(status.size()), SQLITE_STATIC);
        sqlite3_bind_int64(statement, 2, summary.received);
        sqlite3_bind_int64(statement, 3, summary.inserted);
        sqlite3_bind_int64(statement, 4, summary.duplicates);
        sqlite3_bind_int64(statement, 5, summary.rejected);
        bindOptionalText(statement, 6, sha);
        if (summary.inserted + summary.duplicates > 0) {
            sqlite3_bind_int64(statement, 7, summary.minTs);
            sqlite3_bind_int64(statement, 8, summary.maxTs);
        }
        if (sourceId)
            sqlite3_bind_int64(statement, 9, *sourceId);
        sqlite3_bind_text(statement, 10, message.constData(), int(message.size()), SQLITE_STATIC);
        sqlite3_bind_text(statement, 11, now.constData(), int(now.size()), SQLITE_STATIC);
        sqlite3_bind_int64(statement, 12, summary.duplicatesInFile);
        sqlite3_bind_int64(statement, 13, batchId);
        const int rc = sqlite3_step(statement);
        sqlite3_finalize(statement);
        return rc == SQLITE_DONE ? Status() : Status(failure("completing the batch"));
    }

private:
    Status insertRaw(qint64 batchId, const ParsedRow &row, const char *outcome)
    {
        sqlite3_stmt *s = m_insertRaw;
        sqlite3_bind_int64(s, 1, batchId);
        sqlite3_bind_int64(s, 2, row.line);
        sqlite3_bind_text(s, 3, row.raw.constData(), int(row.raw.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 4, outcome, -1, SQLITE_STATIC);
        QByteArray column, reason, value;
        if (!row.valid) {
            column = row.rejectColumn.toUtf8();
            reason = row.rejectReason.toUtf8();
            value = row.rejectValue.toUtf8();
        }
        bindOptionalText(s, 5, column);
        bindOptionalText(s, 6, reason);
        bindOptionalText(s, 7, value);
        return step(s, "storing a received row");
    }

    bool foreignKeysOn() const
    {
        sqlite3_stmt *statement = nullptr;
        bool on = false;
        if (sqlite3_prepare_v2(m_db, "PRAGMA foreign_keys", -1, &statement, nullptr) == SQLITE_OK
            && sqlite3_step(statement) == SQLITE_ROW)
            on = sqlite3_column_int(statement, 0) != 0;
        sqlite3_finalize(statement);
        return on;
    }

    void restoreForeignKeys()
    {
        if (m_restoreForeignKeys && !m_inTransaction) {
            sqlite3_exec(m_db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
            m_restoreForeignKeys = false;
        }
    }

    static void bindOptionalText(sqlite3_stmt *s, int index, const QByteArray &text)
    {
        if (text.isEmpty())
            sqlite3_bind_null(s, index);
        else
            sqlite3_bind_text(s, index, text.constData(), int(text.size()), SQLITE_STATIC);
    }

    Error failure(const char *what) const
    {
        return Storage::Database::sqliteError(m_db, QLatin1String(what));
    }

    Status exec(const char *sql)
    {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            return failure(sql);
        return {};
    }

    Status prepare(sqlite3_stmt *&statement, const char *sql)
    {
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
            return failure("preparing the import");
        return {};
    }

    Status step(sqlite3_stmt *statement, const char *what)
    {
        const int rc = sqlite3_step(statement);
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return failure(what);
        return {};
    }

    sqlite3 *m_db;
    bool m_inTransaction = false;
    int m_pieces = 0;
    qint64 m_inserted = 0; // events this import stored
    bool m_restoreForeignKeys = false;
    sqlite3_stmt *m_insertEvent = nullptr;
    sqlite3_stmt *m_insertRaw = nullptr;
    sqlite3_stmt *m_insertSource = nullptr;
    sqlite3_stmt *m_selectSource = nullptr;
    sqlite3_stmt *m_selectHolder = nullptr;
    QHash<QString, qint64> m_sources;
    QList<EventOutcome> m_outcomes;
};

} // namespace

std::unique_ptr<BatchWriter> makeSqliteBatchWriter(const QSqlDatabase &connection)
{
    sqlite3 *db = Storage::Database::sqliteHandle(connection);
    return db ? std::make_unique<SqliteBatchWriter>(db) : nullptr;
}

} // namespace Ingest
