#include "importer.h"

#include "ingest/batchwriter.h"

#include "common/clock.h"
#include "common/eventidentity.h"
#include "ingest/daybucketer.h"
#include "ingest/ingestlog.h"
#include "kpi/insertedevents.h"
#include "kpi/kpiservice.h"
#include "logging/logging.h"
#include "storage/bulkwritelease.h"
#include "storage/database.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSet>
#include <QSqlDriver>
#include <QScopeGuard>

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace Ingest {

using Common::Error;
using Common::Result;

namespace {

constexpr int ProgressEveryRows = 8192;
// Rows queued before the writer flushes them (PostgreSQL: one COPY per chunk).
constexpr int FlushEveryRows = 16384;
// How often an import looks at the clock to commit a piece (ImportOptions::pieceMilliseconds).
constexpr int PieceCheckEveryRows = 1024;

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

QString percent(qint64 part, qint64 whole)
{
    const double share = whole > 0 ? 100.0 * double(part) / double(whole) : 0.0;
    return QString::number(share, 'f', share < 10 ? 1 : 0) + QLatin1Char('%');
}

// The notes name this many days whose sum is out of range; the warnings list every one.
constexpr qsizetype ShownOverflowedDays = 5;

bool manyRejected(const ImportSummary &s)
{
    return double(s.rejected) > RejectedWarningShare * double(s.received);
}

// Failed: rows were rejected and none was accepted. With warnings: more than 5% rejected, or a day's
// sum left the range of a double (stored without its sum).
QString status(const ImportSummary &s, const QList<Kpi::OverflowedDay> &overflowed)
{
    if (s.rejected > 0 && s.inserted + s.duplicates == 0)
        return QStringLiteral("failed");
    if (manyRejected(s) || !overflowed.isEmpty())
        return QStringLiteral("committed_with_warnings");
    return QStringLiteral("committed");
}

// The reasons of the rejected rows, most frequent first: "invalid timestamp: 57, the value is empty: 2".
QString reasonsText(const ImportSummary &s)
{
    QList<QPair<qint64, QString>> reasons;
    for (auto it = s.rejectedByReason.begin(); it != s.rejectedByReason.end(); ++it)
        reasons.append({it.value(), it.key()});
    std::sort(reasons.begin(), reasons.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList parts;
    for (const auto &[count, code] : std::as_const(reasons))
        parts.append(QStringLiteral("%1 (%2)").arg(reasonText(code)).arg(count));
    return parts.join(QStringLiteral("; "));
}

// What a person must know about the outcome, in words, before any detail.
QStringList notes(const ImportSummary &s, const QList<Kpi::OverflowedDay> &overflowed)
{
    QStringList out;
    if (s.failed()) {
        out.append(QStringLiteral("Nothing was imported: all %1 rows were rejected. Reasons: %2.")
                       .arg(s.rejected).arg(reasonsText(s)));
    } else if (manyRejected(s)) {
        out.append(QStringLiteral("%1 of %2 rows (%3) were rejected. Reasons: %4.")
                       .arg(s.rejected).arg(s.received).arg(percent(s.rejected, s.received), reasonsText(s)));
    }
    if (s.duplicatesInFile > 0 && double(s.duplicatesInFile) > InFileRepeatNoticeShare * double(s.received)) {
        out.append(QStringLiteral("%1 rows (%2) repeat an earlier row of this file in every column; each was stored once.")
                       .arg(s.duplicatesInFile).arg(percent(s.duplicatesInFile, s.received)));
    }
    // Sums beyond the largest double: the first few days by name, then how many more.
    for (const Kpi::OverflowedDay &day : overflowed.mid(0, ShownOverflowedDays))
        out.append(day.warning());
    if (overflowed.size() > ShownOverflowedDays)
        out.append(QStringLiteral("The sums of %1 more days are beyond \u00b11.8e308 and are not stored.").arg(overflowed.size() - ShownOverflowedDays));
    return out;
}

} // namespace

QString reasonText(const QString &code)
{
    static const QHash<QString, QString> texts{
        {QLatin1String(RejectReason::InvalidTimestamp), QStringLiteral("not a date or time this import can read")},
        {QLatin1String(RejectReason::TimestampOutOfRange), QStringLiteral("a date outside the years 0001-9999, or an epoch number out of range")},
        {QLatin1String(RejectReason::MissingTimestamp), QStringLiteral("the date or time is empty")},
        {QLatin1String(RejectReason::MissingValue), QStringLiteral("the value is empty")},
        {QLatin1String(RejectReason::NonNumericValue), QStringLiteral("the value is not a number")},
        {QLatin1String(RejectReason::NonFiniteValue), QStringLiteral("the value is not a finite number (NaN or infinity)")},
        {QLatin1String(RejectReason::InvalidUtf8), QStringLiteral("the text is not valid UTF-8")},
        {QLatin1String(RejectReason::FieldCountMismatch), QStringLiteral("the row has more or fewer fields than the header")},
        {QLatin1String(RejectReason::InvalidJson), QStringLiteral("the line is not valid JSON")},
        {QLatin1String(RejectReason::NotAnObject), QStringLiteral("the record is not a JSON object")},
        {QStringLiteral("invalid_name"), QStringLiteral("the source or metric name has control characters or is too long")},
    };
    if (const auto it = texts.constFind(code); it != texts.constEnd())
        return *it;
    return QString(code).replace(QLatin1Char('_'), QLatin1Char(' '));
}

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
    text += QStringLiteral(": ") + reasonText(reason);
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
    json.insert(QStringLiteral("duplicates_stored"), duplicatesStored);
    json.insert(QStringLiteral("duplicates_in_file"), duplicatesInFile);
    json.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
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
    if (!options.source.isEmpty()) {
        if (Common::Status s = validateName(options.source.trimmed(), QStringLiteral("source")); !s)
            return s.error();
    }

    auto hashing = std::make_unique<HashingDevice>(std::move(device), size);
    hashing->open(QIODevice::ReadOnly);
    HashingDevice *hasher = hashing.get();
    auto opened = EventReader::fromDevice(std::move(hashing), options.read, displayName);
    if (!opened)
        return opened.error();
    EventReader &reader = **opened;

    QSqlDatabase connection = m_database->connection();
    auto created = BatchWriter::create(connection);
    if (!created)
        return created.error();
    BatchWriter &writer = **created;

    ImportSummary summary;
    summary.fileName = QFileInfo(displayName).fileName();
    summary.fileSize = size;
    summary.format = formatName(reader.format());
    summary.mode = modeName(options.mode);

    const QString kpiZoneId = m_database->setting(QStringLiteral("kpi.timezone"), QStringLiteral("UTC"));
    DayBucketer days(QTimeZone(kpiZoneId.toUtf8()));

    // One import (or KPI recompute) at a time per database: a second one waits here, and says so.
    Storage::BulkWriteLease lease(m_database, QStringLiteral("the import of %1").arg(summary.fileName));
    const auto onWait = [&](const QString &holder) {
        progress->progress(0, QStringLiteral("Waiting for %1").arg(holder));
        if (options.onWait)
            options.onWait(holder);
        return !progress->isCancelled();
    };
    if (Common::Status s = lease.acquire(onWait, options.leaseWaitMs); !s)
        return s.error();

    // Whatever way the import ends before its last commit, nothing of it stays: the open piece is
    // rolled back and pieces already committed (SQLite) are removed, while the lease is still held.
    bool finished = false;
    const auto cleanup = qScopeGuard([&] {
        if (finished)
            return;
        writer.rollback();
        if (writer.hasCommittedPieces()) {
            if (auto removed = lease.removeUnfinishedImports(); !removed)
                qCWarning(lcIngest).noquote() << removed.error().message;
        }
    });

    if (Common::Status s = writer.begin(); !s)
        return s.error();
    QElapsedTimer pieceTimer;
    pieceTimer.start();
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

    Kpi::InsertedEvents inserted; // per (source, metric, day), for the KPI update
    if (Common::Status s = inserted.start(connection); !s) {
        writer.rollback();
        return s.error();
    }
    QSet<QString> metrics;
    QSet<qint64> sources;
    QList<RowIssue> strictIssues;
    qint64 validRows = 0;
    bool rejecting = false; // strict mode found an invalid row: nothing will be stored
    ParsedRow row;
    QByteArray metricUtf8, userUtf8, eventUtf8;
    QString lastMetric;

    // Queued events, in order, until the writer says which were new.
    struct Queued
    {
        qint64 sourceId;
        QString metric;
        qint64 dayNumber;
        QByteArray user;
        double value;
    };
    QList<Queued> queued;
    QList<EventOutcome> outcomes;
    auto flush = [&]() -> Common::Status {
        outcomes.clear();
        if (Common::Status s = writer.flush(summary.batchId, outcomes); !s)
            return s;
        Q_ASSERT(outcomes.size() == queued.size());
        for (qsizetype i = 0; i < queued.size(); ++i) {
            switch (outcomes[i]) {
            case EventOutcome::Inserted: {
                ++summary.inserted;
                const Queued &event = queued[i];
                inserted.add(event.sourceId, event.metric, event.dayNumber, days.dayText(event.dayNumber), event.user, event.value);
                break;
            }
            case EventOutcome::DuplicateStored:
                ++summary.duplicatesStored;
                break;
            case EventOutcome::DuplicateInFile:
                ++summary.duplicatesInFile;
                break;
            }
        }
        summary.duplicates = summary.duplicatesStored + summary.duplicatesInFile;
        queued.clear();
        return {};
    };

    while (true) {
        auto more = reader.next(row);
        if (!more) {
            writer.rollback();
            return more.error();
        }
        if (!*more)
            break;
        ++summary.received;

        // Other writers get the lock between pieces of about PieceMilliseconds (SQLite).
        if (summary.received % PieceCheckEveryRows == 0 && pieceTimer.elapsed() >= options.pieceMilliseconds && !rejecting) {
            if (Common::Status s = flush(); !s)
                return s.error();
            if (Common::Status s = lease.renew(); !s)
                return s.error();
            if (Common::Status s = writer.commitPiece(); !s)
                return s.error();
            pieceTimer.restart();
        }

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
            if (Common::Status s = writer.addRejected(summary.batchId, row); !s)
                return s.error();
            if (writer.pending() >= FlushEveryRows) {
                if (Common::Status s = flush(); !s)
                    return s.error();
            }
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
        if (Common::Status s = writer.addEvent(summary.batchId, sourceId, row, day.toLatin1(), metricUtf8, userUtf8, eventUtf8,
                                               Common::eventIdentityKey(row.tsMs, row.value, metricUtf8, userUtf8, eventUtf8, row.attributesJson)); !s)
            return s.error();
        queued.append(Queued{sourceId, lastMetric, dayNumber, userUtf8, row.value});
        ++validRows;
        if (writer.pending() >= FlushEveryRows) {
            if (Common::Status s = flush(); !s)
                return s.error();
        }
        if (validRows == 1) {
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

    if (Common::Status s = flush(); !s)
        return s.error();
    // The KPIs and the batch's outcome are written in the import's last piece, together.
    if (Common::Status s = writer.openPiece(); !s)
        return s.error();
    progress->progress(99, QStringLiteral("Updating daily KPIs"));
    QElapsedTimer kpiTimer;
    kpiTimer.start();
    auto stats = Kpi::KpiService::applyInserted(connection, inserted);
    if (!stats) {
        writer.rollback();
        return stats.error();
    }
    summary.kpiSeconds = kpiTimer.nsecsElapsed() / 1e9;

    summary.sha256 = hasher->hexDigest();
    summary.metrics = QStringList(metrics.begin(), metrics.end());
    summary.metrics.sort();
    summary.detection = reader.detection();
    summary.overflowedDays = stats->overflowedDays;
    summary.status = status(summary, stats->overflowedDays);
    summary.notes = notes(summary, stats->overflowedDays);
    summary.warnings = summary.notes;
    for (const Kpi::OverflowedDay &day : stats->overflowedDays.mid(ShownOverflowedDays)) // the notes name the first
        summary.warnings.append(day.warning());
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
    if (Common::Status s = lease.renew(); !s)
        return s.error();
    if (Common::Status s = writer.commit(); !s)
        return s.error();
    finished = true;
    lease.release();

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
    Logging::event(lcIngest(), summary.status == QLatin1String("committed") ? QtInfoMsg : QtWarningMsg,
                   summary.failed() ? QStringLiteral("Import of %1 failed: every row was rejected").arg(summary.fileName)
                   : summary.hasWarnings() ? QStringLiteral("Imported %1 with warnings").arg(summary.fileName)
                                           : QStringLiteral("Imported %1").arg(summary.fileName),
                   {{QStringLiteral("batch_id"), summary.batchId}, {QStringLiteral("status"), summary.status},
                    {QStringLiteral("received"), summary.received},
                    {QStringLiteral("inserted"), summary.inserted}, {QStringLiteral("duplicates"), summary.duplicates},
                    {QStringLiteral("duplicates_in_file"), summary.duplicatesInFile},
                    {QStringLiteral("rejected"), summary.rejected}, {QStringLiteral("seconds"), summary.seconds},
                    {QStringLiteral("kpi_seconds"), summary.kpiSeconds}});
    return summary;
}

} // namespace Ingest
