#include "batchservice.h"

#include "ingest/importer.h"
#include "ingest/ingestlog.h"
#include "kpi/kpiservice.h"
#include "storage/bulkwritelease.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace Ingest {

using Common::Error;
using Common::Result;

namespace {

const QString SelectBatch = QStringLiteral(
    "SELECT b.id, s.name, b.file_name, b.file_size, b.sha256, b.format, b.mode, b.status, b.received, b.inserted,"
    " b.duplicates, b.rejected, b.started_at, b.finished_at, b.created_by, b.duplicates_in_file, b.message"
    " FROM ingest_batches b LEFT JOIN sources s ON s.id = b.source_id");

BatchInfo batchFrom(const QSqlQuery &query)
{
    BatchInfo b;
    b.id = query.value(0).toLongLong();
    b.source = query.value(1).toString();
    b.fileName = query.value(2).toString();
    b.fileSize = query.value(3).isNull() ? -1 : query.value(3).toLongLong();
    b.sha256 = query.value(4).toString();
    b.format = query.value(5).toString();
    b.mode = query.value(6).toString();
    b.status = query.value(7).toString();
    b.received = query.value(8).toLongLong();
    b.inserted = query.value(9).toLongLong();
    b.duplicates = query.value(10).toLongLong();
    b.rejected = query.value(11).toLongLong();
    b.startedAt = query.value(12).toString();
    b.finishedAt = query.value(13).toString();
    b.createdBy = query.value(14).toString();
    b.duplicatesInFile = query.value(15).toLongLong();
    b.duplicatesStored = b.duplicates - b.duplicatesInFile;
    const QJsonObject message = QJsonDocument::fromJson(query.value(16).toString().toUtf8()).object();
    b.columns = message.value(QStringLiteral("columns")).toVariant().toStringList();
    b.delimiter = message.value(QStringLiteral("delimiter")).toString();
    b.notes = message.value(QStringLiteral("notes")).toVariant().toStringList();
    return b;
}

} // namespace

QJsonObject BatchInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("source"), source.isEmpty() ? QJsonValue() : QJsonValue(source)},
                       {QStringLiteral("file_name"), fileName},
                       {QStringLiteral("file_size"), fileSize < 0 ? QJsonValue() : QJsonValue(fileSize)},
                       {QStringLiteral("sha256"), sha256},
                       {QStringLiteral("format"), format},
                       {QStringLiteral("mode"), mode},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("received"), received},
                       {QStringLiteral("inserted"), inserted},
                       {QStringLiteral("duplicates"), duplicates},
                       {QStringLiteral("duplicates_stored"), duplicatesStored},
                       {QStringLiteral("duplicates_in_file"), duplicatesInFile},
                       {QStringLiteral("rejected"), rejected},
                       {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
                       {QStringLiteral("started_at"), startedAt},
                       {QStringLiteral("finished_at"), finishedAt},
                       {QStringLiteral("created_by"), createdBy}};
}

QJsonObject BatchRemoval::toJson() const
{
    return QJsonObject{{QStringLiteral("batch_id"), batchId},
                       {QStringLiteral("events_removed"), eventsRemoved},
                       {QStringLiteral("kpi_rows_changed"), kpiRowsChanged}};
}

BatchService::BatchService(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

Result<QList<BatchInfo>> BatchService::list(const QString &source, int limit)
{
    QSqlQuery query(m_database->connection());
    query.prepare(SelectBatch + (source.isEmpty() ? QString() : QStringLiteral(" WHERE s.name = :source"))
                  + QStringLiteral(" ORDER BY b.id DESC LIMIT :limit"));
    if (!source.isEmpty())
        query.bindValue(QStringLiteral(":source"), source);
    query.bindValue(QStringLiteral(":limit"), limit);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("listing imports"));
    QList<BatchInfo> batches;
    while (query.next())
        batches.append(batchFrom(query));
    return batches;
}

Result<BatchInfo> BatchService::find(qint64 id)
{
    QSqlQuery query(m_database->connection());
    query.prepare(SelectBatch + QStringLiteral(" WHERE b.id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading import %1").arg(id));
    if (!query.next())
        return Error::notFound(QStringLiteral("NOT_FOUND"), QStringLiteral("There is no import with id %1.").arg(id));
    return batchFrom(query);
}

QJsonObject RejectedRow::toJson() const
{
    return QJsonObject{{QStringLiteral("line"), line},
                       {QStringLiteral("column"), column},
                       {QStringLiteral("value"), value},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("reason_text"), reasonText(reason)},
                       {QStringLiteral("payload"), payload}};
}

Result<QList<RejectedRow>> BatchService::rejectedRows(qint64 batchId, qint64 afterLine, int limit)
{
    QSqlQuery query(m_database->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT line_no, reject_column, reject_reason, payload, reject_value FROM raw_events"
                                 " WHERE batch_id = ? AND outcome = 'rejected' AND line_no > ? ORDER BY line_no")
                  + (limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString()));
    query.addBindValue(batchId);
    query.addBindValue(afterLine);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading rejected rows"));
    QList<RejectedRow> rows;
    while (query.next())
        rows.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                     query.value(3).toString(), query.value(4).toString()});
    return rows;
}

Result<QByteArray> BatchService::rejectedRowsFile(qint64 batchId)
{
    auto batch = find(batchId);
    if (!batch)
        return batch.error();
    auto rows = rejectedRows(batchId);
    if (!rows)
        return rows.error();
    QByteArray out;
    if (batch->format == QLatin1String("csv")) {
        // The file's own header, then every rejected record as it was received: fix and import again.
        const QString delimiter = batch->delimiter.isEmpty() ? QStringLiteral(",") : batch->delimiter;
        QStringList header;
        for (const QString &column : std::as_const(batch->columns)) {
            const bool quote = column.contains(delimiter) || column.contains(QLatin1Char('"'))
                || column.contains(QLatin1Char('\n')) || column.contains(QLatin1Char('\r'));
            header.append(quote ? QLatin1Char('"') + QString(column).replace(QStringLiteral("\""), QStringLiteral("\"\""))
                                      + QLatin1Char('"')
                                : column);
        }
        out += header.join(delimiter).toUtf8() + "\r\n";
        for (const RejectedRow &row : std::as_const(*rows))
            out += row.payload.toUtf8() + "\r\n";
        return out;
    }
    // JSON and NDJSON: one object per line (NDJSON), compacted when the record is valid JSON.
    for (const RejectedRow &row : std::as_const(*rows)) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(row.payload.toUtf8(), &error);
        out += error.error == QJsonParseError::NoError ? document.toJson(QJsonDocument::Compact)
                                                       : row.payload.toUtf8().replace('\n', ' ');
        out += '\n';
    }
    return out;
}

Result<BatchRemoval> BatchService::remove(qint64 id)
{
    Storage::BulkWriteLease lease(m_database, QStringLiteral("deleting import %1").arg(id));
    if (Common::Status s = lease.acquire(); !s)
        return s.error();
    QSqlDatabase connection = m_database->connection();
    QSqlQuery query(connection);
    if (!query.exec(m_database->dialect().beginWrite()))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("starting to delete import %1").arg(id));
    auto fail = [&query](const Error &error) -> Result<BatchRemoval> {
        query.exec(QStringLiteral("ROLLBACK"));
        return error;
    };
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM ingest_batches WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return fail(Storage::Database::sqlError(query.lastError(), QStringLiteral("finding import %1").arg(id)));
    if (query.value(0).toLongLong() == 0)
        return fail(Error::notFound(QStringLiteral("NOT_FOUND"), QStringLiteral("There is no import with id %1.").arg(id)));

    struct Range { qint64 sourceId; QString metric, from, to; qint64 events; };
    QList<Range> ranges;
    query.prepare(QStringLiteral("SELECT source_id, metric, MIN(day), MAX(day), COUNT(*) FROM clean_events WHERE batch_id = ?"
                                 " GROUP BY source_id, metric"));
    query.addBindValue(id);
    if (!query.exec())
        return fail(Storage::Database::sqlError(query.lastError(), QStringLiteral("reading import %1").arg(id)));
    while (query.next())
        ranges.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                       query.value(3).toString(), query.value(4).toLongLong()});
    query.finish();

    BatchRemoval removal;
    removal.batchId = id;
    query.prepare(QStringLiteral("DELETE FROM ingest_batches WHERE id = ?")); // events and raw rows cascade
    query.addBindValue(id);
    if (!query.exec())
        return fail(Storage::Database::sqlError(query.lastError(), QStringLiteral("deleting import %1").arg(id)));
    for (const Range &range : std::as_const(ranges)) {
        removal.eventsRemoved += range.events;
        auto stats = Kpi::KpiService::recomputeRange(connection, range.sourceId, range.metric, range.from, range.to);
        if (!stats)
            return fail(stats.error());
        removal.kpiRowsChanged += stats->rowsUpserted + stats->rowsDeleted;
    }
    if (!query.exec(QStringLiteral("COMMIT")))
        return fail(Storage::Database::sqlError(query.lastError(), QStringLiteral("committing the deletion of import %1").arg(id)));
    qCInfo(lcIngest).noquote() << QStringLiteral("Deleted import %1: %2 events, %3 KPI rows recomputed")
                                      .arg(id).arg(removal.eventsRemoved).arg(removal.kpiRowsChanged);
    return removal;
}

} // namespace Ingest
