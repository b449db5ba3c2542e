#include "importer.h"

#include "common/clock.h"
#include "ingest/daybucketer.h"
#include "ingest/ingestlog.h"
#include "kpi/kpiservice.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSet>
#include <QSqlDriver>

#include <sodium.h>
#include <sqlite3.h>

#include <cstring>

namespace Ingest {

using Common::Error;
using Common::Result;

namespace {

constexpr int ProgressEveryRows = 8192;

// Passes a device's bytes through while computing their SHA-256, so a file is read once.
class HashingDevice final : public QIODevice
{
public:
    HashingDevice(std::unique_ptr<QIODevice> inner, qint64 size)
        : m_inner(std::move(inner)), m_size(size)
    {
        crypto_hash_sha256_init(&m_state);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_size; }
    bool seek(qint64) override { return false; }

    QString hexDigest()
    {
        // Whatever the reader did not consume still belongs to the file.
        char buffer[65536];
        while (m_inner->bytesAvailable() > 0 || !m_inner->atEnd()) {
            const qint64 n = m_inner->read(buffer, sizeof buffer);
            if (n <= 0)
                break;
            crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char *>(buffer), quint64(n));
        }
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&m_state, digest);
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = m_inner->read(data, maxSize);
        if (n > 0)
            crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char *>(data), quint64(n));
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    std::unique_ptr<QIODevice> m_inner;
    qint64 m_size;
    crypto_hash_sha256_state m_state;
};

// The identity of an event (DESIGN.md): its event_id when it has one, else a 128-bit BLAKE2b hash of
// the normalised (ts, metric, value, user_id). The first byte says which, so they never collide.
QByteArray dedupKey(const ParsedRow &row, const QByteArray &metricUtf8, const QByteArray &userUtf8,
                    const QByteArray &eventUtf8)
{
    if (!eventUtf8.isEmpty())
        return QByteArray(1, 'e') + eventUtf8;
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 16);
    auto feed = [&state](const void *data, size_t size) {
        crypto_generichash_update(&state, static_cast<const unsigned char *>(data), size);
    };
    const qint64 ts = row.tsMs;
    double value = row.value == 0.0 ? 0.0 : row.value; // -0 and 0 are the same value
    const quint64 metricSize = quint64(metricUtf8.size());
    const quint64 userSize = quint64(userUtf8.size());
    feed(&ts, sizeof ts);
    feed(&value, sizeof value);
    feed(&metricSize, sizeof metricSize);
    feed(metricUtf8.constData(), metricUtf8.size());
    feed(&userSize, sizeof userSize);
    feed(userUtf8.constData(), userUtf8.size());
    QByteArray key(17, Qt::Uninitialized);
    key[0] = 'h';
    crypto_generichash_final(&state, reinterpret_cast<unsigned char *>(key.data() + 1), 16);
    return key;
}

// Bulk writes through SQLite's own API: QtSql's per-row overhead would dominate an import.
class SqliteBatchWriter final
{
    Q_DISABLE_COPY_MOVE(SqliteBatchWriter)

public:
    explicit SqliteBatchWriter(sqlite3 *handle) : m_db(handle) {}
    ~SqliteBatchWriter()
    {
        for (sqlite3_stmt *statement : {m_insertEvent, m_insertRaw, m_insertSource, m_selectSource})
            sqlite3_finalize(statement);
        if (m_inTransaction)
            rollback();
    }

    Common::Status begin()
    {
        if (Common::Status s = exec("BEGIN IMMEDIATE"); !s)
            return s;
        m_inTransaction = true;
        if (Common::Status s = prepare(m_insertEvent,
                "INSERT INTO clean_events (batch_id, source_id, ts, day, metric, value, user_id, event_id, attributes, dedup_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"); !s)
            return s;
        if (Common::Status s = prepare(m_insertRaw,
                "INSERT INTO raw_events (batch_id, line_no, payload, outcome, reject_column, reject_reason) VALUES (?, ?, ?, ?, ?, ?)"); !s)
            return s;
        if (Common::Status s = prepare(m_insertSource, "INSERT INTO sources (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"); !s)
            return s;
        return prepare(m_selectSource, "SELECT id FROM sources WHERE name = ?");
    }

    Common::Status commit()
    {
        Common::Status s = exec("COMMIT");
        if (s)
            m_inTransaction = false;
        return s;
    }

    void rollback()
    {
        if (m_inTransaction) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            m_inTransaction = false;
        }
    }

    Result<qint64> sourceId(const QString &name)
    {
        if (const auto it = m_sources.constFind(name); it != m_sources.constEnd())
            return *it;
        const QByteArray utf8 = name.toUtf8();
        const QByteArray now = Common::nowIsoUtc().toUtf8();
        sqlite3_bind_text(m_insertSource, 1, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
        sqlite3_bind_text(m_insertSource, 2, now.constData(), int(now.size()), SQLITE_STATIC);
        if (Common::Status s = step(m_insertSource, "creating the source"); !s)
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
                               const ImportOptions &options)
    {
        sqlite3_stmt *statement = nullptr;
        if (Common::Status s = prepare(statement,
                "INSERT INTO ingest_batches (file_name, file_size, format, mode, status, default_metric, timezone, options,"
                " created_by, started_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?) RETURNING id"); !s)
            return s.error();
        const QJsonObject optionJson{{QStringLiteral("source"), options.source},
                                     {QStringLiteral("delimiter"), options.read.delimiter ? QString(QLatin1Char(options.read.delimiter)) : QString()},
                                     {QStringLiteral("decimal_comma"), options.read.decimalComma},
                                     {QStringLiteral("thousands_separator"), options.read.thousandsSeparator}};
        const QList<QByteArray> texts{fileName.toUtf8(), format.toUtf8(), mode.toUtf8(), options.read.defaultMetric.toUtf8(),
                                      options.read.timezone.id(), QJsonDocument(optionJson).toJson(QJsonDocument::Compact),
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

    // Returns whether the event was new (false: a duplicate).
    Result<bool> insertEvent(qint64 batchId, qint64 sourceId, const ParsedRow &row, const QString &day,
                             const QByteArray &metric, const QByteArray &user, const QByteArray &event,
                             const QByteArray &key)
    {
        const QByteArray dayUtf8 = day.toLatin1();
        sqlite3_stmt *s = m_insertEvent;
        sqlite3_bind_int64(s, 1, batchId);
        sqlite3_bind_int64(s, 2, sourceId);
        sqlite3_bind_int64(s, 3, row.tsMs);
        sqlite3_bind_text(s, 4, dayUtf8.constData(), int(dayUtf8.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 5, metric.constData(), int(metric.size()), SQLITE_STATIC);
        sqlite3_bind_double(s, 6, row.value);
        bindOptionalText(s, 7, user);
        bindOptionalText(s, 8, event);
        bindOptionalText(s, 9, row.attributesJson);
        sqlite3_bind_blob(s, 10, key.constData(), int(key.size()), SQLITE_STATIC);
        if (Common::Status status = step(s, "storing an event"); !status)
            return status.error();
        return sqlite3_changes(m_db) > 0;
    }

    Common::Status insertRaw(qint64 batchId, const ParsedRow &row, const char *outcome)
    {
        sqlite3_stmt *s = m_insertRaw;
        sqlite3_bind_int64(s, 1, batchId);
        sqlite3_bind_int64(s, 2, row.line);
        sqlite3_bind_text(s, 3, row.raw.constData(), int(row.raw.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 4, outcome, -1, SQLITE_STATIC);
        QByteArray column, reason;
        if (!row.valid) {
            column = row.rejectColumn.toUtf8();
            reason = row.rejectReason.toUtf8();
        }
        bindOptionalText(s, 5, column);
        bindOptionalText(s, 6, reason);
        return step(s, "storing a received row");
    }

    Common::Status finishBatch(qint64 batchId, const ImportSummary &summary, std::optional<qint64> sourceId)
    {
        sqlite3_stmt *statement = nullptr;
        if (Common::Status s = prepare(statement,
                "UPDATE ingest_batches SET status = 'committed', received = ?, inserted = ?, duplicates = ?, rejected = ?,"
                " sha256 = ?, min_ts = ?, max_ts = ?, source_id = ?, message = ?, finished_at = ? WHERE id = ?"); !s)
            return s;
        const QByteArray sha = summary.sha256.toLatin1();
        const QByteArray message = QJsonDocument(QJsonObject{{QStringLiteral("rejected_by_reason"), [&] {
                                                     QJsonObject o;
                                                     for (auto it = summary.rejectedByReason.begin(); it != summary.rejectedByReason.end(); ++it)
                                                         o.insert(it.key(), it.value());
                                                     return o;
                                                 }()}}).toJson(QJsonDocument::Compact);
        const QByteArray now = Common::nowIsoUtc().toUtf8();
        sqlite3_bind_int64(statement, 1, summary.received);
        sqlite3_bind_int64(statement, 2, summary.inserted);
        sqlite3_bind_int64(statement, 3, summary.duplicates);
        sqlite3_bind_int64(statement, 4, summary.rejected);
        bindOptionalText(statement, 5, sha);
        if (summary.inserted + summary.duplicates > 0) {
            sqlite3_bind_int64(statement, 6, summary.minTs);
            sqlite3_bind_int64(statement, 7, summary.maxTs);
        }
        if (sourceId)
            sqlite3_bind_int64(statement, 8, *sourceId);
        sqlite3_bind_text(statement, 9, message.constData(), int(message.size()), SQLITE_STATIC);
        sqlite3_bind_text(statement, 10, now.constData(), int(now.size()), SQLITE_STATIC);
        sqlite3_bind_int64(statement, 11, batchId);
        const int rc = sqlite3_step(statement);
        sqlite3_finalize(statement);
        return rc == SQLITE_DONE ? Common::Status() : Common::Status(failure("completing the batch"));
    }

private:
    static void bindOptionalText(sqlite3_stmt *s, int index, const QByteArray &text)
    {
        if (text.isEmpty())
            sqlite3_bind_null(s, index);
        else
            sqlite3_bind_text(s, index, text.constData(), int(text.size()), SQLITE_STATIC);
    }

    Error failure(const char *what) const
    {
        return Error::internal(QStringLiteral("DB_ERROR"),
                               QStringLiteral("Database error while %1: %2").arg(QLatin1String(what), QString::fromUtf8(sqlite3_errmsg(m_db))),
                               QJsonObject{{QStringLiteral("native_code"), sqlite3_extended_errcode(m_db)}});
    }

    Common::Status exec(const char *sql)
    {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            return failure(sql);
        return {};
    }

    Common::Status prepare(sqlite3_stmt *&statement, const char *sql)
    {
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
            return failure("preparing the import");
        return {};
    }

    Common::Status step(sqlite3_stmt *statement, const char *what)
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
    sqlite3_stmt *m_insertEvent = nullptr;
    sqlite3_stmt *m_insertRaw = nullptr;
    sqlite3_stmt *m_insertSource = nullptr;
    sqlite3_stmt *m_selectSource = nullptr;
    QHash<QString, qint64> m_sources;
};

sqlite3 *nativeHandle(const QSqlDatabase &connection)
{
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

QString modeName(Mode mode)
{
    return mode == Mode::Strict ? QStringLiteral("strict") : QStringLiteral("tolerant");
}

RowIssue issueOf(const ParsedRow &row)
{
    return RowIssue{row.line, row.rejectColumn, row.rejectReason, row.rejectValue};
}

QString isoOfMs(qint64 ms)
{
    return Common::toIsoUtc(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
}

// Days touched per (source, metric), turned into contiguous runs for the KPI recompute.
using SeriesKey = QPair<qint64, QString>;

QList<QPair<qint64, qint64>> runsOf(QSet<qint64> days)
{
    QList<qint64> sorted(days.begin(), days.end());
    std::sort(sorted.begin(), sorted.end());
    QList<QPair<qint64, qint64>> runs;
    for (qint64 day : sorted) {
        if (!runs.isEmpty() && runs.last().second + 1 == day)
            runs.last().second = day;
        else
            runs.append({day, day});
    }
    return runs;
}

} // namespace

QJsonObject RowIssue::toJson() const
{
    return QJsonObject{{QStringLiteral("line"), line}, {QStringLiteral("column"), column},
                       {QStringLiteral("reason"), reason}, {QStringLiteral("value"), value}};
}

QString RowIssue::toText() const
{
    QString text = QStringLiteral("line %1").arg(line);
    if (!column.isEmpty())
        text += QStringLiteral(", column %1").arg(column);
    text += QStringLiteral(": ") + QString(reason).replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!value.isEmpty())
        text += QStringLiteral(" ('%1')").arg(value);
    return text;
}

QJsonObject ImportSummary::toJson() const
{
    QJsonObject byReason;
    for (auto it = rejectedByReason.begin(); it != rejectedByReason.end(); ++it)
        byReason.insert(it.key(), it.value());
    QJsonArray issueArray;
    for (const RowIssue &issue : issues)
        issueArray.append(issue.toJson());
    QJsonObject json = toApiData();
    json.insert(QStringLiteral("file_name"), fileName);
    json.insert(QStringLiteral("file_size"), fileSize);
    json.insert(QStringLiteral("sha256"), sha256);
    json.insert(QStringLiteral("format"), format);
    json.insert(QStringLiteral("mode"), mode);
    json.insert(QStringLiteral("status"), status);
    json.insert(QStringLiteral("received"), received);
    json.insert(QStringLiteral("rejected"), rejected);
    json.insert(QStringLiteral("rejected_by_reason"), byReason);
    json.insert(QStringLiteral("rejected_rows"), issueArray);
    json.insert(QStringLiteral("sources"), QJsonArray::fromStringList(sources));
    json.insert(QStringLiteral("detection"), detection);
    json.insert(QStringLiteral("seconds"), seconds);
    return json;
}

QJsonObject ImportSummary::toApiData() const
{
    const bool any = inserted + duplicates > 0;
    return QJsonObject{{QStringLiteral("ingested_rows"), received},
                       {QStringLiteral("inserted"), inserted},
                       {QStringLiteral("skipped_rows"), rejected},
                       {QStringLiteral("duplicates"), duplicates},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings.mid(0, 50))},
                       {QStringLiteral("metric"), metrics.size() == 1 ? metrics.first() : QString()},
                       {QStringLiteral("metrics"), QJsonArray::fromStringList(metrics)},
                       {QStringLiteral("min_ts"), any ? QJsonValue(isoOfMs(minTs)) : QJsonValue()},
                       {QStringLiteral("max_ts"), any ? QJsonValue(isoOfMs(maxTs)) : QJsonValue()},
                       {QStringLiteral("batch_id"), batchId}};
}

Importer::Importer(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
    if (sodium_init() < 0)
        qCCritical(lcIngest) << "libsodium could not be initialised";
}

Result<ImportSummary> Importer::importFile(const QString &path, const ImportOptions &options,
                                          Common::ProgressReporter *progress)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error::badInput(QStringLiteral("FILE_NOT_FOUND"), QStringLiteral("%1 does not exist.").arg(path));
    if (info.isDir())
        return Error::badInput(QStringLiteral("READ_ERROR"), QStringLiteral("%1 is a folder, not a file.").arg(path));
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("READ_ERROR"), QStringLiteral("Cannot open %1: %2").arg(path, file->errorString()));
    return importDevice(std::move(file), path, info.size(), options, progress);
}

Result<ImportSummary> Importer::importData(const QByteArray &data, const QString &displayName,
                                          const ImportOptions &options, Common::ProgressReporter *progress)
{
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(data);
    buffer->open(QIODevice::ReadOnly);
    return importDevice(std::move(buffer), displayName, data.size(), options, progress);
}

Result<ImportSummary> Importer::importDevice(std::unique_ptr<QIODevice> device, const QString &displayName,
                                            qint64 size, const ImportOptions &options,
                                            Common::ProgressReporter *progress)
{
    QElapsedTimer timer;
    timer.start();
    Common::SilentProgress silent;
    if (!progress)
        progress = &silent;

    if (!options.source.isEmpty() && options.source.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("INVALID_SOURCE"), QStringLiteral("The source name is blank."));

    auto hashing = std::make_unique<HashingDevice>(std::move(device), size);
    hashing->open(QIODevice::ReadOnly);
    HashingDevice *hasher = hashing.get();
    auto opened = EventReader::fromDevice(std::move(hashing), options.read, displayName);
    if (!opened)
        return opened.error();
    EventReader &reader = **opened;

    QSqlDatabase connection = m_database->connection();
    sqlite3 *handle = nativeHandle(connection);
    if (!handle) {
        return Error::internal(QStringLiteral("DB_ENGINE_UNSUPPORTED"),
                               QStringLiteral("Imports need a SQLite connection in this version of SmartData."));
    }

    ImportSummary summary;
    summary.fileName = QFileInfo(displayName).fileName();
    summary.fileSize = size;
    summary.format = formatName(reader.format());
    summary.mode = modeName(options.mode);

    const QString kpiZoneId = m_database->setting(QStringLiteral("kpi.timezone"), QStringLiteral("UTC"));
    DayBucketer days(QTimeZone(kpiZoneId.toUtf8()));

    SqliteBatchWriter writer(handle);
    if (Common::Status s = writer.begin(); !s)
        return s.error();
    auto batchId = writer.createBatch(summary.fileName, size, summary.format, summary.mode, options);
    if (!batchId)
        return batchId.error();
    summary.batchId = *batchId;

    std::optional<qint64> fixedSourceId;
    if (!options.source.isEmpty()) {
        auto id = writer.sourceId(options.source.trimmed());
        if (!id)
            return id.error();
        fixedSourceId = *id;
    }

    QHash<SeriesKey, QSet<qint64>> touched;
    QSet<QString> metrics;
    QSet<qint64> sources;
    QList<RowIssue> strictIssues;
    bool rejecting = false; // strict mode found an invalid row: nothing will be stored
    ParsedRow row;
    QByteArray metricUtf8, userUtf8, eventUtf8;
    QString lastMetric;

    while (true) {
        auto more = reader.next(row);
        if (!more) {
            writer.rollback();
            return more.error();
        }
        if (!*more)
            break;
        ++summary.received;

        if (summary.received % ProgressEveryRows == 0) {
            if (progress->isCancelled()) {
                writer.rollback();
                qCInfo(lcIngest).noquote() << QStringLiteral("Import of %1 cancelled after %2 rows; nothing stored")
                                                  .arg(summary.fileName).arg(summary.received);
                return Error::cancelled(QStringLiteral("The import of %1 was cancelled; nothing was stored.").arg(summary.fileName));
            }
            const qint64 total = reader.totalBytes();
            progress->progress(total > 0 ? int(std::min<qint64>(99, reader.bytesRead() * 100 / total)) : 0,
                               QStringLiteral("%1 rows").arg(summary.received));
        }

        if (!row.valid) {
            ++summary.rejected;
            ++summary.rejectedByReason[row.rejectReason];
            if (options.mode == Mode::Strict) {
                if (!rejecting) {
                    rejecting = true;
                    writer.rollback(); // nothing of this file will be stored: free the write lock now
                }
                strictIssues.append(issueOf(row));
                if (strictIssues.size() >= options.strictListedIssues)
                    break;
                continue;
            }
            if (summary.issues.size() < options.maxListedIssues)
                summary.issues.append(issueOf(row));
            if (Common::Status s = writer.insertRaw(summary.batchId, row, "rejected"); !s)
                return s.error();
            continue;
        }
        if (rejecting)
            continue;

        qint64 sourceId = 0;
        if (fixedSourceId) {
            sourceId = *fixedSourceId;
        } else {
            const QString name = row.source.trimmed().isEmpty() ? DefaultSource : row.source.trimmed();
            auto id = writer.sourceId(name);
            if (!id)
                return id.error();
            sourceId = *id;
        }
        if (row.metric != lastMetric) {
            lastMetric = row.metric;
            metricUtf8 = row.metric.toUtf8();
        }
        userUtf8 = row.userId.toUtf8();
        eventUtf8 = row.eventId.toUtf8();
        const qint64 dayNumber = days.dayNumber(row.tsMs);
        const QString &day = days.dayText(dayNumber);
        auto inserted = writer.insertEvent(summary.batchId, sourceId, row, day, metricUtf8, userUtf8, eventUtf8,
                                           dedupKey(row, metricUtf8, userUtf8, eventUtf8));
        if (!inserted)
            return inserted.error();
        if (Common::Status s = writer.insertRaw(summary.batchId, row, *inserted ? "inserted" : "duplicate"); !s)
            return s.error();
        if (*inserted) {
            ++summary.inserted;
            touched[SeriesKey(sourceId, row.metric)].insert(dayNumber);
        } else {
            ++summary.duplicates;
        }
        if (summary.inserted + summary.duplicates == 1) {
            summary.minTs = summary.maxTs = row.tsMs;
        } else {
            summary.minTs = std::min(summary.minTs, row.tsMs);
            summary.maxTs = std::max(summary.maxTs, row.tsMs);
        }
        metrics.insert(row.metric);
        sources.insert(sourceId);
    }

    if (rejecting) {
        QJsonArray rows;
        for (const RowIssue &issue : strictIssues)
            rows.append(issue.toJson());
        const QString first = strictIssues.first().toText();
        const QString more = strictIssues.size() > 1
            ? QStringLiteral(" (and %1 more row%2 at fault%3)")
                  .arg(strictIssues.size() - 1)
                  .arg(strictIssues.size() > 2 ? QStringLiteral("s") : QString())
                  .arg(strictIssues.size() >= options.strictListedIssues ? QStringLiteral(" at least") : QString())
            : QString();
        return Error::badInput(QStringLiteral("INVALID_ROWS"),
                               QStringLiteral("%1 was not imported: %2%3. Strict mode stores a file only when every row is valid; "
                                              "nothing was stored.").arg(summary.fileName, first, more),
                               QJsonObject{{QStringLiteral("file"), summary.fileName}, {QStringLiteral("rows"), rows}});
    }

    progress->progress(99, QStringLiteral("Updating daily KPIs"));
    for (auto it = touched.constBegin(); it != touched.constEnd(); ++it) {
        for (const auto &[from, to] : runsOf(it.value())) {
            auto stats = Kpi::KpiService::recomputeRange(connection, it.key().first, it.key().second,
                                                         DayBucketer::dayTextOf(from), DayBucketer::dayTextOf(to));
            if (!stats) {
                writer.rollback();
                return stats.error();
            }
        }
    }

    summary.sha256 = hasher->hexDigest();
    summary.metrics = QStringList(metrics.begin(), metrics.end());
    summary.metrics.sort();
    summary.detection = reader.detection();
    for (const QJsonValue &warning : summary.detection.value(QStringLiteral("warnings")).toArray())
        summary.warnings.append(warning.toString());
    for (const RowIssue &issue : std::as_const(summary.issues)) {
        if (summary.warnings.size() >= 50)
            break;
        summary.warnings.append(issue.toText());
    }
    std::optional<qint64> batchSource = fixedSourceId;
    if (!batchSource && sources.size() == 1)
        batchSource = *sources.begin();
    if (Common::Status s = writer.finishBatch(summary.batchId, summary, batchSource); !s)
        return s.error();
    if (Common::Status s = writer.commit(); !s)
        return s.error();
    summary.status = QStringLiteral("committed");

    // Names for the summary, read after the commit.
    for (const qint64 id : std::as_const(sources)) {
        QSqlQuery query(connection);
        query.prepare(QStringLiteral("SELECT name FROM sources WHERE id = ?"));
        query.addBindValue(id);
        if (query.exec() && query.next())
            summary.sources.append(query.value(0).toString());
    }
    summary.sources.sort();
    summary.seconds = timer.nsecsElapsed() / 1e9;
    progress->progress(100, QStringLiteral("%1 rows").arg(summary.received));
    Logging::event(lcIngest(), QtInfoMsg, QStringLiteral("Imported %1").arg(summary.fileName),
                   {{QStringLiteral("batch_id"), summary.batchId}, {QStringLiteral("received"), summary.received},
                    {QStringLiteral("inserted"), summary.inserted}, {QStringLiteral("duplicates"), summary.duplicates},
                    {QStringLiteral("rejected"), summary.rejected}, {QStringLiteral("seconds"), summary.seconds}});
    return summary;
}

} // namespace Ingest
