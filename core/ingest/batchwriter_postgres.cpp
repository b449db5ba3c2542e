// PostgreSQL: libpq on the QPSQL connection's own handle. Rows are queued in COPY text format and
// flushed in chunks: COPY into a temporary staging table, one INSERT … SELECT … ON CONFLICT DO NOTHING
// RETURNING the identities that were new, then COPY of the raw rows with their outcomes. A round trip
// per chunk instead of two per row.
//
// Imports into one database are serialised by a transaction-level advisory lock, as SQLite's write
// lock serialises them: two processes importing overlapping files cannot deadlock on the identity
// index, and the second sees what the first stored.

#include "batchwriter.h"

#include "common/clock.h"

#include <QHash>
#include <QSet>
#include <QVarLengthArray>
#include <QSqlDriver>
#include <QUtf8StringView>
#include <QVariant>
#include <QtEndian>

#include <libpq-fe.h>

namespace Ingest {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

// pg_advisory_xact_lock key of imports ("SDIM").
constexpr qint64 ImportLockKey = 0x5344494D;

class PgResult final
{
    Q_DISABLE_COPY_MOVE(PgResult)

public:
    explicit PgResult(PGresult *result) : m_result(result) {}
    ~PgResult() { PQclear(m_result); }
    PGresult *get() const { return m_result; }
    ExecStatusType status() const { return m_result ? PQresultStatus(m_result) : PGRES_FATAL_ERROR; }

private:
    PGresult *m_result;
};

// Appends text to a COPY text-format line: backslash, tab, newline and carriage return escaped; bytes
// that are not UTF-8 (kept as received by SQLite, refused by PostgreSQL's text type) and NUL become U+FFFD.
void appendCopyText(QByteArray &out, const QByteArray &text)
{
    QByteArray cleaned;
    const QByteArray *source = &text;
    if (!QUtf8StringView(text).isValidUtf8() || text.contains('\0')) {
        cleaned = QString::fromUtf8(text).replace(QChar(0), QChar::ReplacementCharacter).toUtf8();
        source = &cleaned;
    }
    const char *p = source->constData();
    const char *end = p + source->size();
    const char *run = p;
    for (; p != end; ++p) {
        char escaped = 0;
        switch (*p) {
        case '\\': escaped = '\\'; break;
        case '\t': escaped = 't'; break;
        case '\n': escaped = 'n'; break;
        case '\r': escaped = 'r'; break;
        default: continue;
        }
        out.append(run, p - run);
        out.append('\\');
        out.append(escaped);
        run = p + 1;
    }
    out.append(run, end - run);
}

void appendOptional(QByteArray &out, const QByteArray &text)
{
    if (text.isEmpty())
        out.append("\\N");
    else
        appendCopyText(out, text);
}

class PostgresBatchWriter final : public BatchWriter
{
public:
    explicit PostgresBatchWriter(PGconn *connection) : m_conn(connection) {}
    ~PostgresBatchWriter() override { rollback(); }

    Status begin() override
    {
        if (Status s = exec("BEGIN"); !s)
            return s;
        m_inTransaction = true;
        if (Status s = exec(QByteArray("SELECT pg_advisory_xact_lock(") + QByteArray::number(ImportLockKey) + ')'); !s)
            return s;
        return exec("CREATE TEMPORARY TABLE smartdata_import_stage ("
                    " seq INTEGER NOT NULL, source_id BIGINT NOT NULL, ts BIGINT NOT NULL, day TEXT NOT NULL,"
                    " metric TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, user_id TEXT, event_id TEXT,"
                    " attributes TEXT, dedup_key BYTEA NOT NULL) ON COMMIT DROP");
    }

    Status commit() override
    {
        Status s = exec("COMMIT");
        if (s)
            m_inTransaction = false;
        return s;
    }

    Status commitPiece() override { return {}; }
    Status openPiece() override { return {}; }
    bool hasCommittedPieces() const override { return false; }

    void rollback() override
    {
        if (m_inTransaction) {
            PQclear(PQexec(m_conn, "ROLLBACK"));
            m_inTransaction = false;
        }
    }

    Result<qint64> sourceId(const QString &name) override
    {
        if (const auto it = m_sources.constFind(name); it != m_sources.constEnd())
            return *it;
        const QByteArray utf8 = name.toUtf8();
        const QByteArray now = Common::nowIsoUtc().toUtf8();
        {
            PgResult r(execParams("INSERT INTO sources (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                                  {utf8, now}));
            if (r.status() != PGRES_COMMAND_OK)
                return failure("creating the source", r.get());
        }
        PgResult r(execParams("SELECT id FROM sources WHERE name = $1", {utf8}));
        if (r.status() != PGRES_TUPLES_OK || PQntuples(r.get()) != 1)
            return failure("looking up the source", r.get());
        const qint64 id = QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong();
        m_sources.insert(name, id);
        return id;
    }

    Result<qint64> createBatch(const QString &fileName, qint64 size, const QString &format, const QString &mode,
                               const ImportOptions &options) override
    {
        PgResult r(execParams("INSERT INTO ingest_batches (file_name, file_size, format, mode, status, default_metric, timezone,"
                              " options, created_by, started_at) VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9) RETURNING id",
                              {fileName.toUtf8(), size >= 0 ? QByteArray::number(size) : QByteArray(), format.toUtf8(),
                               mode.toUtf8(), options.read.defaultMetric.toUtf8(),
                               options.read.timezone.id(), optionsJson(options),
                               options.createdBy.toUtf8(), Common::nowIsoUtc().toUtf8()}));
        if (r.status() != PGRES_TUPLES_OK || PQntuples(r.get()) != 1)
            return failure("recording the batch", r.get());
        return QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong();
    }

    Status addEvent(qint64, qint64 sourceId, const ParsedRow &row, const QByteArray &day, const QByteArray &metric,
                    const QByteArray &user, const QByteArray &event, const QByteArray &key) override
    {
        const int seq = int(m_events);
        QByteArray identity(reinterpret_cast<const char *>(&sourceId), sizeof sourceId);
        identity += key;
        if (!m_firstSeq.contains(identity))
            m_firstSeq.insert(identity, seq); // the first row of the chunk with an identity is the one stored

        QByteArray &out = m_eventCopy;
        out.append(QByteArray::number(seq)).append('\t');
        out.append(QByteArray::number(sourceId)).append('\t');
        out.append(QByteArray::number(row.tsMs)).append('\t');
        out.append(day).append('\t');
        appendCopyText(out, metric);
        out.append('\t');
        out.append(QByteArray::number(row.value, 'g', 17)).append('\t');
        appendOptional(out, user);
        out.append('\t');
        appendOptional(out, event);
        out.append('\t');
        appendOptional(out, row.attributesJson);
        out.append("\t\\\\x").append(key.toHex()).append('\n');

        m_raw.append(RawRow{row.line, row.raw, seq, {}, {}, {}});
        ++m_events;
        return {};
    }

    Status addRejected(qint64, const ParsedRow &row) override
    {
        m_raw.append(RawRow{row.line, row.raw, -1, row.rejectColumn.toUtf8(), row.rejectReason.toUtf8(), row.rejectValue.toUtf8()});
        return {};
    }

    qsizetype pending() const override { return m_raw.size(); }

    Status flush(qint64 batchId, QList<EventOutcome> &outcomes) override
    {
        QList<EventOutcome> inserted(m_events, EventOutcome::DuplicateStored);
        if (m_events > 0) {
            if (Status s = copy("COPY smartdata_import_stage (seq, source_id, ts, day, metric, value, user_id, event_id,"
                                " attributes, dedup_key) FROM STDIN", m_eventCopy); !s)
                return s;
            const QByteArray batch = QByteArray::number(batchId);
            PgResult r(execParams("INSERT INTO clean_events (batch_id, source_id, ts, day, metric, value, user_id, event_id,"
                                  " attributes, dedup_key)"
                                  " SELECT DISTINCT ON (source_id, dedup_key) $1::bigint, source_id, ts, day, metric, value,"
                                  " user_id, event_id, attributes, dedup_key FROM smartdata_import_stage"
                                  " ORDER BY source_id, dedup_key, seq"
                                  " ON CONFLICT DO NOTHING RETURNING source_id, dedup_key",
                                  {batch}, /*binaryResult=*/true));
            if (r.status() != PGRES_TUPLES_OK)
                return failure("storing events", r.get());
            const int rows = PQntuples(r.get());
            for (int i = 0; i < rows; ++i) {
                const qint64 sourceId = qFromBigEndian<qint64>(PQgetvalue(r.get(), i, 0));
                QByteArray identity(reinterpret_cast<const char *>(&sourceId), sizeof sourceId);
                identity.append(PQgetvalue(r.get(), i, 1), PQgetlength(r.get(), i, 1));
                const auto it = m_firstSeq.find(identity);
                if (it != m_firstSeq.end())
                    inserted[*it] = EventOutcome::Inserted;
            }
            m_insertedSoFar += rows;
            // Nothing of this import stored yet: every other row was stored by an earlier import.
            if (rows < m_events && m_insertedSoFar > 0) {
                // The rest repeat an identity: of an earlier row of this chunk, or held by a stored event
                // of this import (an earlier chunk) or of an earlier import.
                QSet<int> heldHere;
                PgResult held(execParams("SELECT s.seq FROM smartdata_import_stage s JOIN clean_events c"
                                         " ON c.source_id = s.source_id AND c.dedup_key = s.dedup_key WHERE c.batch_id = $1::bigint",
                                         {batch}));
                if (held.status() != PGRES_TUPLES_OK)
                    return failure("classifying duplicate events", held.get());
                for (int i = 0; i < PQntuples(held.get()); ++i)
                    heldHere.insert(QByteArray(PQgetvalue(held.get(), i, 0)).toInt());
                for (int seq = 0; seq < int(m_events); ++seq) {
                    if (inserted[seq] != EventOutcome::Inserted && heldHere.contains(seq))
                        inserted[seq] = EventOutcome::DuplicateInFile;
                }
            }
            if (Status s = exec("TRUNCATE smartdata_import_stage"); !s)
                return s;
        }
        if (!m_raw.isEmpty()) {
            QByteArray out;
            out.reserve(m_eventCopy.size() + 64 * m_raw.size());
            const QByteArray batch = QByteArray::number(batchId) + '\t';
            for (const RawRow &raw : std::as_const(m_raw)) {
                out.append(batch).append(QByteArray::number(raw.line)).append('\t');
                appendCopyText(out, raw.payload);
                if (raw.seq < 0) {
                    out.append("\trejected\t");
                    appendOptional(out, raw.column);
                    out.append('\t');
                    appendOptional(out, raw.reason);
                    out.append('\t');
                    appendOptional(out, raw.value);
                    out.append('\n');
                } else {
                    out.append(inserted[raw.seq] == EventOutcome::Inserted ? "\tinserted\t\\N\t\\N\t\\N\n"
                                                                           : "\tduplicate\t\\N\t\\N\t\\N\n");
                }
            }
            if (Status s = copy("COPY raw_events (batch_id, line_no, payload, outcome, reject_column, reject_reason, reject_value)"
                                " FROM STDIN", out); !s)
                return s;
        }
        outcomes.append(inserted);
        m_eventCopy.clear();
        m_raw.clear();
        m_firstSeq.clear();
        m_events = 0;
        return {};
    }

    Status finishBatch(qint64 batchId, const ImportSummary &summary, std::optional<qint64> sourceId) override
    {
        const bool any = summary.inserted + summary.duplicates > 0;
        PgResult r(execParams("UPDATE ingest_batches SET status = $12, received = $1, inserted = $2, duplicates = $3,"
                              " rejected = $4, sha256 = $5, min_ts = $6, max_ts = $7, source_id = $8, message = $9, finished_at = $10,"
                              " duplicates_in_file = $13 WHERE id = $11",
                              {QByteArray::number(summary.received), QByteArray::number(summary.inserted),
                               QByteArray::number(summary.duplicates), QByteArray::number(summary.rejected),
                               summary.sha256.toLatin1(),
                               any ? QByteArray::number(summary.minTs) : QByteArray(),
                               any ? QByteArray::number(summary.maxTs) : QByteArray(),
                               sourceId ? QByteArray::number(*sourceId) : QByteArray(), messageJson(summary),
                               Common::nowIsoUtc().toUtf8(), QByteArray::number(batchId), summary.status.toUtf8(),
                               QByteArray::number(summary.duplicatesInFile)}));
        if (r.status() != PGRES_COMMAND_OK)
            return failure("completing the batch", r.get());
        return {};
    }

private:
    struct RawRow
    {
        qint64 line;
        QByteArray payload;
        int seq; // index of the queued event, -1 for a rejected row
        QByteArray column, reason, value;
    };

    // Text parameters; an empty QByteArray is NULL.
    PGresult *execParams(const char *sql, const QList<QByteArray> &params, bool binaryResult = false)
    {
        QVarLengthArray<const char *, 16> values;
        for (const QByteArray &param : params)
            values.append(param.isEmpty() ? nullptr : param.constData());
        return PQexecParams(m_conn, sql, int(values.size()), nullptr, values.constData(), nullptr, nullptr,
                            binaryResult ? 1 : 0);
    }

    Status exec(const QByteArray &sql)
    {
        PgResult r(PQexec(m_conn, sql.constData()));
        if (r.status() != PGRES_COMMAND_OK && r.status() != PGRES_TUPLES_OK)
            return failure(sql.left(60).constData(), r.get());
        return {};
    }

    Status copy(const char *sql, const QByteArray &data)
    {
        {
            PgResult r(PQexec(m_conn, sql));
            if (r.status() != PGRES_COPY_IN)
                return failure("starting a bulk copy", r.get());
        }
        constexpr qsizetype Piece = 1 << 20;
        for (qsizetype offset = 0; offset < data.size(); offset += Piece) {
            const qsizetype n = qMin(Piece, data.size() - offset);
            if (PQputCopyData(m_conn, data.constData() + offset, int(n)) != 1)
                return failure("sending rows", nullptr);
        }
        if (PQputCopyEnd(m_conn, nullptr) != 1)
            return failure("ending a bulk copy", nullptr);
        Status status;
        while (PGresult *result = PQgetResult(m_conn)) {
            PgResult r(result);
            if (status && r.status() != PGRES_COMMAND_OK)
                status = failure("copying rows", r.get());
        }
        return status;
    }

    Error failure(const char *what, PGresult *result) const
    {
        QString text = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn)).trimmed();
        if (text.isEmpty())
            text = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        const QString state = result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
        return Error::internal(QStringLiteral("DB_ERROR"),
                               QStringLiteral("Database error while %1: %2").arg(QLatin1String(what), text),
                               QJsonObject{{QStringLiteral("native_code"), state}});
    }

    PGconn *m_conn;
    bool m_inTransaction = false;
    QHash<QString, qint64> m_sources;
    QByteArray m_eventCopy;
    QList<RawRow> m_raw;
    QHash<QByteArray, int> m_firstSeq;
    qsizetype m_events = 0;
    qint64 m_insertedSoFar = 0; // events this import stored, in all chunks so far
};

} // namespace

std::unique_ptr<BatchWriter> makePostgresBatchWriter(const QSqlDatabase &connection)
{
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!handle.isValid() || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    PGconn *conn = *static_cast<PGconn *const *>(handle.constData());
    return conn ? std::make_unique<PostgresBatchWriter>(conn) : nullptr;
}

} // namespace Ingest
