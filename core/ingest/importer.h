#pragma once
// Importer stores one event file (or body) as one batch: every received row in raw_events, the valid
// ones in clean_events (duplicates counted, never stored twice), one ingest_batches row, and the daily
// KPIs of the days it touched, all or nothing. A failure, a cancel or a strict-mode rejection leaves
// the database as it was before. On SQLite the rows are committed in pieces of about 100 ms, so that
// other writers (logins, settings, jobs) never wait long; the batch becomes `committed` and its KPIs
// are updated in the last piece (see BatchWriter). One import at a time per database: a second one
// waits for the first (Storage::BulkWriteLease) and says so through ImportOptions::onWait.
//
// Strict mode: one invalid row rejects the file, and the error lists the first rows at fault.
// Tolerant mode: invalid rows are kept in raw_events with their reason and counted by reason.
//
// Sources: --source (the API's source_name) names the source of every row; without it a row's own
// source column/field is used, else "default".
//
// Outcomes (ImportSummary::status): "failed" when rows were rejected and none was accepted (neither
// stored nor already stored): the batch and its rejected rows are kept for review, nothing else;
// "committed_with_warnings" when more than 5% of the rows were rejected; else "committed".
// Duplicates are counted apart: already stored by an earlier import, or repeated inside this file.

#include "common/progress.h"
#include "common/result.h"
#include "ingest/eventreader.h"
#include "kpi/kpiservice.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

#include <memory>

namespace Storage {
class Database;
}

namespace Ingest {

enum class Mode { Strict, Tolerant };

struct ImportOptions final
{
    QString source;               // empty: the row's source column, else DefaultSource
    Mode mode = Mode::Tolerant;
    ReadOptions read;
    QString createdBy = QStringLiteral("cli");
    int maxListedIssues = 100;    // rows at fault listed in the summary (all are in raw_events)
    int strictListedIssues = 20;  // rows at fault listed when strict mode rejects a file
    // Another import runs on the same database: how long to wait for it (-1: as long as it takes;
    // then the error BULK_WRITE_BUSY), and what to tell the person meanwhile (who holds it).
    int leaseWaitMs = -1;
    int pieceMilliseconds = 100;  // SQLite: commit a piece after this long (0: every 1,024 rows, for tests)
    std::function<void(const QString &holder)> onWait;
};

inline const QString DefaultSource = QStringLiteral("default");

// A rejection reason code (RejectReason, raw_events.reject_reason) in words, for people:
// "invalid_timestamp" -> "not a date or time this import can read".
QString reasonText(const QString &code);

// The share of rejected rows above which an import is reported with a warning.
inline constexpr double RejectedWarningShare = 0.05;
// The share of rows repeated inside the file above which the summary says so in words.
inline constexpr double InFileRepeatNoticeShare = 0.01;

struct RowIssue final
{
    qint64 line = 0;
    QString column;
    QString reason;
    QString value;
    QJsonObject toJson() const;
    QString toText() const; // "line 3, column timestamp: not a date or time this import can read ('not-a-timestamp')"
};

struct ImportSummary final
{
    qint64 batchId = 0;
    QString fileName;
    qint64 fileSize = -1;
    QString sha256;
    QString format;
    QString mode;
    QString status;              // "committed", "committed_with_warnings" or "failed" (see above)
    qint64 received = 0;
    qint64 inserted = 0;
    qint64 duplicates = 0;       // duplicatesStored + duplicatesInFile
    qint64 duplicatesStored = 0; // the same event was stored by an earlier import
    qint64 duplicatesInFile = 0; // the same event came earlier in this file
    qint64 rejected = 0;
    QMap<QString, qint64> rejectedByReason;
    QList<RowIssue> issues;      // the first rejected rows
    QStringList metrics;         // sorted, of the valid rows
    QStringList sources;         // sorted
    qint64 minTs = 0, maxTs = 0; // UTC ms of the valid rows (0 when none)
    QList<Kpi::OverflowedDay> overflowedDays; // days whose sum is beyond the largest double (not stored)
    QStringList notes;           // the outcome in words when it is not a plain success (see above)
    QStringList warnings;        // the notes, detection notes and the first rejected rows, for people
    QJsonObject detection;
    double seconds = 0;
    double kpiSeconds = 0;       // of which updating the daily KPIs of the touched days (not in the JSON)

    bool failed() const { return status == QLatin1String("failed"); }
    bool hasWarnings() const { return status == QLatin1String("committed_with_warnings"); }

    QJsonObject toJson() const;    // everything above but kpiSeconds
    QJsonObject toApiData() const; // the API's ingest reply data (API.md)
};

class Importer final
{
public:
    explicit Importer(std::shared_ptr<Storage::Database> database);

    Common::Result<ImportSummary> importFile(const QString &path, const ImportOptions &options,
                                             Common::ProgressReporter *progress = nullptr);
    // An in-memory body (the API): displayName names it in messages and in the batch.
    Common::Result<ImportSummary> importData(const QByteArray &data, const QString &displayName,
                                             const ImportOptions &options, Common::ProgressReporter *progress = nullptr);

private:
    Common::Result<ImportSummary> importDevice(std::unique_ptr<QIODevice> device, const QString &displayName,
                                               qint64 size, const ImportOptions &options,
                                               Common::ProgressReporter *progress);

    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Ingest
