// The data routes of API.md: ingest, KPIs, metrics, anomalies, forecasts, sources and batches.
// Shapes, parameters and status codes follow the predecessor (Smart Data Pipeline 0.7.0).

#include "api/routehelpers.h"

#include "anomaly/anomalyservice.h"
#include "auth/authservice.h"
#include "forecast/forecastservice.h"
#include "ingest/batchservice.h"
#include "ingest/importer.h"
#include "kpi/kpiservice.h"
#include "storage/database.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace Api::Routes {

namespace {

// How long an API import or KPI run waits for another import that holds the database (then 503).
constexpr int ApiImportWaitMs = 30000;

QString actor(const RouteContext &c)
{
    return c.principal ? QStringLiteral("api:") + c.principal->email : QStringLiteral("api");
}

// A file name for an upload's copy on disk: the name the client gave, without folders, control
// characters or a leading dot; the importer takes the batch's file name from it.
QString safeFileName(const QString &name)
{
    QString base = name;
    base.replace(QLatin1Char('\\'), QLatin1Char('/'));
    base = base.section(QLatin1Char('/'), -1);
    QString out;
    for (const QChar c : std::as_const(base))
        out += (c.unicode() < 0x20 || c.unicode() == 0x7f) ? QLatin1Char('_') : c;
    while (out.startsWith(QLatin1Char('.')))
        out.remove(0, 1);
    if (out.isEmpty())
        out = QStringLiteral("upload");
    return out.left(200);
}

// Whether the size bytes at offset hold only white space (read until the first other byte).
bool blankRange(QIODevice &device, qint64 offset, qint64 size)
{
    if (!device.seek(offset))
        return true;
    while (size > 0) {
        const QByteArray block = device.read(qMin<qint64>(size, 64 * 1024));
        if (block.isEmpty())
            return true;
        if (!block.trimmed().isEmpty())
            return false;
        size -= block.size();
    }
    return true;
}

// The import of a body the server spooled to disk (a large upload): the field's bytes (or the whole
// body) become a file named displayName in a folder of their own, which the importer reads like a
// file given on the command line, in blocks. *shownPath: that folder, to keep out of messages.
Common::Result<Ingest::ImportSummary> importSpooled(RouteContext &c, QIODevice &body, qint64 offset, qint64 size, bool wholeBody,
                                                    const QString &displayName, const Ingest::ImportOptions &options, QString *shownPath)
{
    QTemporaryDir dir(QDir(c.server.spoolDirectory()).filePath(QStringLiteral("smartdata-import-XXXXXX")));
    if (!dir.isValid())
        return Common::Error::internal(QStringLiteral("SPOOL_ERROR"),
                                       QStringLiteral("Cannot make a folder for the upload in %1: %2").arg(c.server.spoolDirectory(), dir.errorString()));
    const QString path = dir.filePath(safeFileName(displayName));
    *shownPath = dir.path() + QLatin1Char('/');
    auto *file = qobject_cast<QFileDevice *>(&body);
    if (wholeBody && file && QFile::link(file->fileName(), path)) {
        // The whole body is the file: a link to it, no copy.
    } else {
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || !body.seek(offset))
            return Common::Error::internal(QStringLiteral("SPOOL_ERROR"), QStringLiteral("Cannot copy the upload to %1: %2").arg(path, out.errorString()));
        for (qint64 left = size; left > 0;) {
            const QByteArray block = body.read(qMin<qint64>(left, 1024 * 1024));
            if (block.isEmpty() || out.write(block) != block.size())
                return Common::Error::internal(QStringLiteral("SPOOL_ERROR"), QStringLiteral("Cannot copy the upload to %1: %2").arg(path, out.errorString()));
            left -= block.size();
        }
    }
    Ingest::Importer importer(c.database);
    return importer.importFile(path, options);
}

// The metric of the first row an import stored (rows are stored in the order of the file), as the
// predecessor's reply named it; fallback when the import stored none (all duplicates).
QString firstMetricOf(RouteContext &c, qint64 batchId, const QString &fallback)
{
    QSqlQuery query(c.database->connection());
    query.prepare(QStringLiteral("SELECT metric FROM clean_events WHERE batch_id = ? ORDER BY id LIMIT 1"));
    query.addBindValue(batchId);
    if (query.exec() && query.next())
        return query.value(0).toString();
    return fallback;
}

// A request without the form field 'file': as the predecessor answered, /api/upload (whose only input
// is that field) says 422, /api/ingest (which also takes raw bodies) 400.
HttpResponse missingFile(bool uploadRoute, const QByteArray &mime)
{
    const QJsonObject details{{QStringLiteral("parameter"), QStringLiteral("file")},
                              {QStringLiteral("content_type"), QString::fromLatin1(mime)}};
    if (uploadRoute)
        return errorReply(422, QStringLiteral("VALIDATION_ERROR"),
                          mime == "multipart/form-data" ? QStringLiteral("The form has no 'file' field; send the CSV as multipart/form-data field 'file'.")
                                                        : QStringLiteral("Send the CSV as multipart/form-data field 'file'."),
                          details);
    return errorReply(400, QStringLiteral("MISSING_FILE"),
                      QStringLiteral("The form has no 'file' field; send the file as multipart/form-data field 'file', "
                                     "or the rows as a text/csv, application/json or application/x-ndjson body."),
                      details);
}

HttpResponse importBody(RouteContext &c, bool uploadRoute)
{
    const QByteArray contentType = c.request.header("content-type");
    const QByteArray mime = contentType.split(';').first().trimmed().toLower();
    Ingest::ImportOptions options;
    options.leaseWaitMs = ApiImportWaitMs; // behind another import: wait a while, then 503 with Retry-After
    options.createdBy = actor(c);
    const QString sourceName = c.request.queryValue(QStringLiteral("source_name")).trimmed();
    options.source = sourceName; // empty: each row's own source column, else "default"
    const QString defaultMetric = c.request.queryValue(QStringLiteral("default_metric")).trimmed();
    if (!defaultMetric.isEmpty())
        options.read.defaultMetric = defaultMetric;

    // The body is in memory, or (a large upload) in a file the transport spooled it to.
    QIODevice *spooled = c.request.bodyFile.get();
    QByteArray data;
    qint64 offset = 0, size = c.request.bodySize();
    QString displayName = QStringLiteral("request body");
    if (uploadRoute && mime != "multipart/form-data")
        return missingFile(uploadRoute, mime);
    if (mime == "multipart/form-data") {
        if (c.request.bodySize() == 0)
            return uploadRoute ? missingFile(uploadRoute, mime) : errorReply(400, QStringLiteral("EMPTY_BODY"), QStringLiteral("The request has no body."));
        QString fileName;
        if (spooled) {
            const auto part = multipartFieldRange(*spooled, contentType, "file");
            if (!part)
                return errorReply(400, QStringLiteral("BAD_REQUEST"), QStringLiteral("The multipart body is malformed."));
            if (!part->found)
                return missingFile(uploadRoute, mime);
            offset = part->offset;
            size = part->size;
            fileName = part->fileName;
        } else {
            const auto part = multipartField(c.request.body, contentType, "file");
            if (!part)
                return errorReply(400, QStringLiteral("BAD_REQUEST"), QStringLiteral("The multipart body is malformed."));
            if (!part->found)
                return missingFile(uploadRoute, mime);
            data = part->data;
            fileName = part->fileName;
        }
        if (!fileName.isEmpty())
            displayName = fileName;
        options.mode = uploadRoute ? Ingest::Mode::Tolerant : Ingest::Mode::Strict;
        const QString lower = displayName.toLower();
        options.read.format = lower.endsWith(QLatin1String(".json")) ? Ingest::Format::Json
                            : lower.endsWith(QLatin1String(".ndjson")) || lower.endsWith(QLatin1String(".jsonl")) ? Ingest::Format::Ndjson
                            : Ingest::Format::Csv;
        if (spooled ? blankRange(*spooled, offset, size) : data.trimmed().isEmpty())
            return errorReply(400, QStringLiteral("EMPTY_FILE"), QStringLiteral("The uploaded file is empty."));
    } else if (mime == "text/csv" || mime == "application/json" || mime == "application/x-ndjson") {
        if (!spooled)
            data = c.request.body;
        if (spooled ? blankRange(*spooled, 0, size) : data.trimmed().isEmpty())
            return errorReply(400, QStringLiteral("EMPTY_BODY"), QStringLiteral("The request has no body."));
        options.mode = Ingest::Mode::Tolerant;
        options.read.format = mime == "text/csv" ? Ingest::Format::Csv
                            : mime == "application/json" ? Ingest::Format::Json : Ingest::Format::Ndjson;
    } else {
        return errorReply(415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"),
                          QStringLiteral("Send multipart/form-data (field 'file'), text/csv, application/json or application/x-ndjson."),
                          QJsonObject{{QStringLiteral("content_type"), QString::fromLatin1(mime)}});
    }

    QString spoolPath; // the folder of a spooled import, kept out of the reply
    auto summary = spooled ? importSpooled(c, *spooled, offset, size, mime != "multipart/form-data", displayName, options, &spoolPath)
                           : Ingest::Importer(c.database).importData(data, displayName, options);
    auto reply = [&]() -> HttpResponse {
        if (!summary) {
            const Common::Error &error = summary.error();
            if (error.code == QLatin1String("INVALID_ROWS")) {
                QJsonObject details = error.details;
                details.insert(QStringLiteral("reason"), error.code);
                return errorReply(400, QStringLiteral("BAD_REQUEST"), error.message, details);
            }
            if (error.kind == Common::ErrorKind::BadInput)
                return errorReply(error, 400);
            return errorReply(error);
        }
        c.server.metrics().add(QStringLiteral("ingest_batches"));
        c.server.metrics().add(QStringLiteral("ingest_rows_inserted"), double(summary->inserted));
        c.server.metrics().add(QStringLiteral("ingest_rows_duplicate"), double(summary->duplicates));
        c.server.metrics().add(QStringLiteral("ingest_rows_rejected"), double(summary->rejected));
        if (uploadRoute && summary->received == 0)
            return envelopeReply(QJsonObject{{QStringLiteral("staging_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                             {QStringLiteral("metrics"), QJsonArray()}});
        QJsonObject data = summary->toApiData();
        if (summary->metrics.size() > 1)
            data.insert(QStringLiteral("metric"), firstMetricOf(c, data.value(QStringLiteral("batch_id")).toInteger(), summary->metrics.first()));
        return envelopeReply(data);
    }();
    // Messages name the file as the importer saw it: the upload's name, as for a body in memory.
    if (!spoolPath.isEmpty())
        reply.body.replace(spoolPath.toUtf8(), QByteArray());
    return reply;
}

// The source named by source_name, or by source_id; an empty name = "no such source".
Param<QString> sourceOf(RouteContext &c, bool required)
{
    const QString name = c.request.queryValue(QStringLiteral("source_name")).trimmed();
    if (!name.isEmpty())
        return name;
    const QString idText = c.request.queryValue(QStringLiteral("source_id")).trimmed();
    if (idText.isEmpty()) {
        if (required)
            return validationError(QStringLiteral("source_name"), QStringLiteral("Name the source: source_name or source_id."));
        return QString();
    }
    bool ok = false;
    const qint64 id = idText.toLongLong(&ok);
    if (!ok)
        return validationError(QStringLiteral("source_id"), QStringLiteral("source_id must be a whole number."));
    QSqlQuery query(c.database->connection());
    query.prepare(QStringLiteral("SELECT name FROM sources WHERE id = ?"));
    query.addBindValue(id);
    if (query.exec() && query.next())
        return query.value(0).toString();
    return QStringLiteral("\x01no such source");
}

std::optional<Anomaly::ValueField> fieldOf(const QString &name)
{
    return Anomaly::valueFieldFromName(name.isEmpty() ? QStringLiteral("value_sum") : name);
}

HttpResponse anomalies(RouteContext &c, Anomaly::Method method)
{
    HttpResponse reply;
    const QString source = c.request.queryValue(QStringLiteral("source_name")).trimmed();
    const QString metric = c.request.queryValue(QStringLiteral("metric")).trimmed();
    if (source.isEmpty() || metric.isEmpty())
        return validationError(QStringLiteral("metric"), QStringLiteral("source_name and metric are required."));
    auto range = dateRange(c.request);
    if (failed(range, reply))
        return reply;
    Anomaly::RunRequest request;
    request.source = source;
    request.metric = metric;
    request.params = Anomaly::AnomalyParams::predecessorDefaults(method); // its clients expect its rules and JSON
    request.from = std::get<0>(range).first;
    request.to = std::get<0>(range).second;
    const auto field = fieldOf(c.request.queryValue(QStringLiteral("value_field")));
    if (!field)
        return validationError(QStringLiteral("value_field"), QStringLiteral("value_field must be value_sum, value_count, value_avg or value_distinct."));
    request.params.field = *field;
    if (method == Anomaly::Method::IsolationForest) {
        const QString contamination = c.request.queryValue(QStringLiteral("contamination")).trimmed();
        if (!contamination.isEmpty() && contamination.compare(QLatin1String("auto"), Qt::CaseInsensitive) != 0) {
            bool ok = false;
            request.params.contamination = contamination.toDouble(&ok);
            if (!ok)
                return validationError(QStringLiteral("contamination"), QStringLiteral("contamination must be 'auto' or a number in (0, 0.5]."));
        }
    } else {
        // Out-of-range values are refused by validate(), with the same 422.
        auto window = intParam(c.request, QStringLiteral("window"), Anomaly::AnomalyParams::kDefaultWindow, INT_MIN, INT_MAX);
        if (failed(window, reply))
            return reply;
        auto threshold = doubleParam(c.request, QStringLiteral("z_thresh"), request.params.threshold);
        if (failed(threshold, reply))
            return reply;
        request.params.window = std::get<int>(window);
        request.params.threshold = std::get<double>(threshold);
    }
    if (auto valid = request.params.validate(); !valid)
        return errorReply(valid.error(), 422);
    Anomaly::AnomalyService service(c.database);
    auto result = service.run(request, false);
    if (!result) {
        if (result.error().kind == Common::ErrorKind::NotFound) // unknown source: nothing to flag
            return jsonReply(200, QJsonObject{{QStringLiteral("method"), Anomaly::methodName(method)},
                                              {QStringLiteral("points"), QJsonArray()},
                                              {QStringLiteral("anomalies"), QJsonArray()}});
        return errorReply(result.error(), result.error().kind == Common::ErrorKind::BadInput ? 422 : 0);
    }
    c.server.metrics().add(QStringLiteral("anomaly_runs"));
    if (result->insufficientData) {
        HttpResponse empty;
        empty.status = 204;
        return empty;
    }
    return jsonReply(200, result->toApiJson());
}

Forecast::ServiceRequest forecastRequest(const QString &source, const QString &metric, int horizon)
{
    Forecast::ServiceRequest request;
    request.source = source;
    request.metric = metric;
    request.horizon = horizon;
    request.trigger = QStringLiteral("api");
    return request;
}

QJsonObject backtestData(const Forecast::ReliabilityInfo &info)
{
    auto number = [](double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); };
    return QJsonObject{{QStringLiteral("folds"), info.folds},
                       {QStringLiteral("avg_mae"), number(info.metrics.mae)},
                       {QStringLiteral("avg_rmse"), number(info.metrics.rmse)},
                       {QStringLiteral("avg_mape"), info.metrics.mapeDefined ? number(info.metrics.mape) : QJsonValue()},
                       {QStringLiteral("avg_smape"), number(info.metrics.smape)},
                       {QStringLiteral("score"), info.score},
                       {QStringLiteral("grade"), info.grade}};
}

// The metric_daily rows a KPI recompute of filter covers (after it ran: the days that have events).
Common::Result<qint64> dayRowsIn(RouteContext &c, const Kpi::Filter &filter)
{
    QString sql = QStringLiteral("SELECT COUNT(*) FROM metric_daily d JOIN sources s ON s.id = d.source_id WHERE 1 = 1");
    QVariantList values;
    if (!filter.source.isEmpty()) {
        sql += QStringLiteral(" AND s.name = ?");
        values << filter.source;
    }
    if (!filter.metric.isEmpty()) {
        sql += QStringLiteral(" AND d.metric = ?");
        values << filter.metric;
    }
    if (filter.from.isValid()) {
        sql += QStringLiteral(" AND d.day >= ?");
        values << filter.from.toString(Qt::ISODate);
    }
    if (filter.to.isValid()) {
        sql += QStringLiteral(" AND d.day <= ?");
        values << filter.to.toString(Qt::ISODate);
    }
    QSqlQuery query(c.database->connection());
    query.prepare(sql);
    for (const QVariant &v : std::as_const(values))
        query.addBindValue(v);
    if (!query.exec() || !query.next())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("counting the daily KPI rows written"));
    return query.value(0).toLongLong();
}

// The newest stored backtest MAPE of a series (reliability_runs), if one is defined.
std::optional<double> storedMape(RouteContext &c, const QString &source, const QString &metric)
{
    QSqlQuery query(c.database->connection());
    query.prepare(QStringLiteral("SELECT r.mape FROM reliability_runs r JOIN sources s ON s.id = r.source_id"
                                 " WHERE s.name = ? AND r.metric = ? AND r.mape IS NOT NULL ORDER BY r.id DESC LIMIT 1"));
    query.addBindValue(source);
    query.addBindValue(metric);
    if (query.exec() && query.next()) {
        const double mape = query.value(0).toDouble();
        if (std::isfinite(mape))
            return mape;
    }
    return std::nullopt;
}

// The in-sample MAPE (in %) of the one-step naive model over the days with a non-zero actual and a
// known previous day; 0 when there is no such day (the model then makes no relative error to report).
double inSampleMape(const std::vector<double> &values)
{
    double sum = 0;
    int n = 0;
    for (size_t i = 1; i < values.size(); ++i) {
        const double actual = values[i], previous = values[i - 1];
        if (!std::isfinite(actual) || !std::isfinite(previous) || actual == 0)
            continue;
        sum += std::abs(actual - previous) / std::abs(actual);
        ++n;
    }
    return n > 0 ? 100.0 * sum / n : 0.0;
}

// GET /api/forecast/health, bare {"trained_at","window","mape"} as the predecessor: an unknown source
// is 422; a series with data but no stored model gets one (as GET /api/forecast/daily stores its run);
// mape is the newest stored backtest's, else that of a backtest run now over the last `window` days
// (stored), else the in-sample MAPE, so a number whenever a model exists; null only without data.
HttpResponse forecastHealth(RouteContext &c)
{
    HttpResponse reply;
    auto window = intParam(c.request, QStringLiteral("window"), 7, 1, 365);
    if (failed(window, reply))
        return reply;
    const QString source = c.request.queryValue(QStringLiteral("source_name")).trimmed();
    const QString metric = c.request.queryValue(QStringLiteral("metric")).trimmed();
    if (source.isEmpty() || metric.isEmpty())
        return validationError(source.isEmpty() ? QStringLiteral("source_name") : QStringLiteral("metric"),
                               QStringLiteral("source_name and metric are required."));
    Forecast::ForecastService service(c.database);
    auto history = service.history(source, metric);
    if (!history) {
        if (history.error().kind == Common::ErrorKind::NotFound)
            return errorReply(422, QStringLiteral("UNKNOWN_SOURCE"), QStringLiteral("There is no source '%1'.").arg(source),
                              QJsonObject{{QStringLiteral("parameter"), QStringLiteral("source_name")}});
        return errorReply(history.error());
    }
    auto body = [&](const QJsonValue &trained, const QJsonValue &mape) {
        return jsonReply(200, QJsonObject{{QStringLiteral("trained_at"), trained},
                                          {QStringLiteral("window"), std::get<int>(window)},
                                          {QStringLiteral("mape"), mape}});
    };
    if (history->values.empty())
        return body(QJsonValue(), QJsonValue()); // no data, no model
    auto latest = service.latestRun(source, metric);
    if (!latest)
        return errorReply(latest.error());
    QString trainedAt;
    if (*latest) {
        trainedAt = (*latest)->createdAt;
    } else {
        Forecast::ServiceRequest request = forecastRequest(source, metric, 7);
        request.withReliability = false; // the backtest below is stored and gives the MAPE
        auto run = service.run(request);
        if (!run)
            return errorReply(run.error());
        c.server.metrics().add(QStringLiteral("forecast_runs"));
        trainedAt = run->createdAt;
    }
    std::optional<double> mape = storedMape(c, source, metric);
    if (!mape) {
        Forecast::ServiceRequest request = forecastRequest(source, metric, 7);
        request.backtest = Forecast::BacktestOptions{5, 7, std::get<int>(window), 7};
        if (auto info = service.backtest(request, true); info && info->folds > 0 && info->metrics.mapeDefined && std::isfinite(info->metrics.mape))
            mape = info->metrics.mape;
    }
    if (!mape)
        mape = inSampleMape(history->values);
    return body(trainedAt, *mape);
}

HttpResponse backtest(RouteContext &c, bool withMeta)
{
    HttpResponse reply;
    const auto body = seriesBody(c.request);
    if (failed(body, reply))
        return reply;
    const auto &[object, source, metric] = std::get<SeriesBody>(body);
    auto folds = intParam(c.request, QStringLiteral("folds"), 5, 1, 50);
    auto horizon = intParam(c.request, QStringLiteral("horizon"), 7, 1, 60);
    auto window = intParam(c.request, QStringLiteral("window_n"), 90, 0, 10000);
    if (failed(folds, reply) || failed(horizon, reply) || failed(window, reply))
        return reply;
    Forecast::ServiceRequest request = forecastRequest(source, metric, std::get<int>(horizon));
    request.backtest = Forecast::BacktestOptions{std::get<int>(folds), std::get<int>(horizon), std::get<int>(window), 7};
    Forecast::ForecastService service(c.database);
    auto info = service.backtest(request, false);
    // The dashboard asks for the reliability of whatever series is selected, also before it has data:
    // as the predecessor, that is no error but zero folds, no grade and the reason.
    QString reason;
    if (!info && withMeta && (info.error().kind == Common::ErrorKind::NotFound || info.error().code == QLatin1String("NO_FOLDS"))) {
        reason = info.error().message;
        info = Forecast::ReliabilityInfo{};
    } else if (info && withMeta && info->folds == 0) {
        reason = QStringLiteral("There is too little history of '%1' in '%2' to form a single backtest fold.").arg(metric, source);
    }
    if (!info)
        return errorReply(info.error(), info.error().kind == Common::ErrorKind::BadInput ? 422 : 0);
    QJsonObject data = backtestData(*info);
    QJsonObject meta;
    if (withMeta)
        meta = QJsonObject{{QStringLiteral("source_name"), source},
                           {QStringLiteral("metric"), metric},
                           {QStringLiteral("horizon"), std::get<int>(horizon)},
                           {QStringLiteral("window_n"), std::get<int>(window)},
                           {QStringLiteral("model"), info->model}};
    if (!reason.isEmpty()) {
        for (const QString &key : {QStringLiteral("avg_mae"), QStringLiteral("avg_rmse"), QStringLiteral("avg_mape"), QStringLiteral("avg_smape")})
            data.insert(key, QJsonValue());
        data.insert(QStringLiteral("score"), QJsonValue());
        data.insert(QStringLiteral("grade"), QJsonValue());
        data.insert(QStringLiteral("reason"), reason);
        meta.insert(QStringLiteral("reason"), reason);
    }
    QJsonObject out{{QStringLiteral("ok"), true}, {QStringLiteral("data"), data}, {QStringLiteral("error"), QJsonValue::Null}};
    out.insert(QStringLiteral("meta"), replyMeta(meta));
    return jsonReply(200, out);
}

} // namespace

void registerDataRoutes(ApiServer &server)
{
    using P = Auth::Permission;
    const QStringList series{QStringLiteral("source_name"), QStringLiteral("metric"), QStringLiteral("start_date"), QStringLiteral("end_date")};

    server.addRoute({"POST", QStringLiteral("/api/ingest"), QStringLiteral("Import events: multipart 'file' = strict CSV; text/csv, application/json, application/x-ndjson = tolerant"),
                     {QStringLiteral("source_name"), QStringLiteral("default_metric")}, true, P::Ingest, false,
                     [](RouteContext &c) { return importBody(c, false); }, {}, false, Route::Body::Upload});
    server.addRoute({"POST", QStringLiteral("/api/upload"), QStringLiteral("Import a multipart CSV 'file', tolerant"),
                     {QStringLiteral("source_name"), QStringLiteral("default_metric")}, true, P::Ingest, false,
                     [](RouteContext &c) { return importBody(c, true); }, {}, false, Route::Body::Upload});

    server.addRoute({"POST", QStringLiteral("/api/kpi/run"), QStringLiteral("Recompute daily KPIs"),
                     series + QStringList{QStringLiteral("distinct_field")}, true, P::RunAnalytics, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         auto range = dateRange(c.request);
                         if (failed(range, reply))
                             return reply;
                         Kpi::Filter filter{c.request.queryValue(QStringLiteral("source_name")), c.request.queryValue(QStringLiteral("metric")),
                                            std::get<0>(range).first, std::get<0>(range).second};
                         auto stats = Kpi::KpiService(c.database).recompute(filter, ApiImportWaitMs);
                         if (!stats)
                             return errorReply(stats.error());
                         // As the predecessor counts them: every (source, metric, day) row the run
                         // upserted, changed or not (the service counts only changed rows).
                         auto written = dayRowsIn(c, filter);
                         if (!written)
                             return errorReply(written.error());
                         c.server.metrics().add(QStringLiteral("kpi_runs"));
                         return envelopeReply(QJsonObject{{QStringLiteral("rows_upserted"), *written},
                                                          {QStringLiteral("groups_upserted"), *written},
                                                          {QStringLiteral("rows_changed"), stats->rowsUpserted},
                                                          {QStringLiteral("series"), stats->groups},
                                                          {QStringLiteral("rows_aggregated"), stats->eventsAggregated},
                                                          {QStringLiteral("metrics"), QJsonArray::fromStringList(stats->metrics)}});
                     }, {}});

    server.addRoute({"GET", QStringLiteral("/api/metrics/names"), QStringLiteral("Metric names (of a source)"), {QStringLiteral("source_name")}, true, P::ReadData, false,
                     [](RouteContext &c) {
                         return cachedRead(c, [&]() -> HttpResponse {
                             const QString source = c.request.queryValue(QStringLiteral("source_name")).trimmed();
                             QSqlQuery query(c.database->connection());
                             query.prepare(source.isEmpty()
                                               ? QStringLiteral("SELECT DISTINCT d.metric FROM metric_daily d ORDER BY d.metric")
                                               : QStringLiteral("SELECT DISTINCT d.metric FROM metric_daily d JOIN sources s ON s.id = d.source_id WHERE s.name = ? ORDER BY d.metric"));
                             if (!source.isEmpty())
                                 query.addBindValue(source);
                             if (!query.exec())
                                 return errorReply(Storage::Database::sqlError(query.lastError(), QStringLiteral("listing metrics")));
                             QJsonArray names;
                             while (query.next())
                                 names.append(query.value(0).toString());
                             return envelopeReply(names);
                         });
                     }, {}, true});

    auto dailyRows = [](RouteContext &c, QList<Kpi::DailyRow> &rows, QString &source, QString &metric, HttpResponse &reply) {
        auto src = sourceOf(c, true);
        if (failed(src, reply))
            return false;
        source = std::get<QString>(src);
        metric = c.request.queryValue(QStringLiteral("metric")).trimmed();
        if (metric.isEmpty()) {
            reply = validationError(QStringLiteral("metric"), QStringLiteral("metric is required."));
            return false;
        }
        auto range = dateRange(c.request);
        if (failed(range, reply))
            return false;
        auto result = Kpi::KpiService(c.database).rows(Kpi::Filter{source, metric, std::get<0>(range).first, std::get<0>(range).second});
        if (!result) {
            reply = errorReply(result.error());
            return false;
        }
        rows = *result;
        return true;
    };

    server.addRoute({"GET", QStringLiteral("/api/metrics/daily"), QStringLiteral("Daily KPI rows; value = the chosen agg"),
                     series + QStringList{QStringLiteral("source_id"), QStringLiteral("agg"), QStringLiteral("limit")}, true, P::ReadData, false,
                     [dailyRows](RouteContext &c) {
                         return cachedRead(c, [&]() -> HttpResponse {
                             const QString agg = c.request.queryValue(QStringLiteral("agg")).trimmed().toLower();
                             static const QStringList aggs{QStringLiteral("sum"), QStringLiteral("avg"), QStringLiteral("count"), QStringLiteral("distinct")};
                             if (!agg.isEmpty() && !aggs.contains(agg))
                                 return errorReply(400, QStringLiteral("BAD_REQUEST"), QStringLiteral("agg must be sum, avg, count or distinct."),
                                                   QJsonObject{{QStringLiteral("parameter"), QStringLiteral("agg")}});
                             HttpResponse reply;
                             auto limit = intParam(c.request, QStringLiteral("limit"), 0, 0, 1000000);
                             if (failed(limit, reply))
                                 return reply;
                             QList<Kpi::DailyRow> rows;
                             QString source, metric;
                             if (!dailyRows(c, rows, source, metric, reply))
                                 return reply;
                             QJsonArray out;
                             for (const Kpi::DailyRow &row : std::as_const(rows)) {
                                 QJsonObject json = row.toJson();
                                 if (agg == QLatin1String("avg"))
                                     json.insert(QStringLiteral("value"), row.avg);
                                 else if (agg == QLatin1String("count"))
                                     json.insert(QStringLiteral("value"), row.count);
                                 else if (agg == QLatin1String("distinct"))
                                     json.insert(QStringLiteral("value"), row.distinct ? QJsonValue(*row.distinct) : QJsonValue());
                                 out.append(json);
                                 if (std::get<int>(limit) > 0 && out.size() >= std::get<int>(limit))
                                     break;
                             }
                             return envelopeReply(out);
                         });
                     }, {}, true});

    server.addRoute({"GET", QStringLiteral("/api/metrics/export/csv"), QStringLiteral("Daily KPI rows as a CSV attachment"), series, true, P::ReadData, false,
                     [dailyRows](RouteContext &c) {
                         return cachedRead(c, [&]() -> HttpResponse {
                             HttpResponse reply;
                             QList<Kpi::DailyRow> rows;
                             QString source, metric;
                             if (!dailyRows(c, rows, source, metric, reply))
                                 return reply;
                             QByteArray csv = "metric_date,source_id,metric,value,value_count,value_sum,value_avg\r\n";
                             auto quoted = [](const QString &text) {
                                 QByteArray t = text.toUtf8();
                                 if (t.contains(',') || t.contains('"') || t.contains('\n') || t.contains('\r'))
                                     t = '"' + t.replace('"', "\"\"") + '"';
                                 return t;
                             };
                             for (const Kpi::DailyRow &row : std::as_const(rows)) {
                                 const QByteArray sum = row.sum ? QByteArray::number(*row.sum, 'g', 15) : QByteArray(); // empty: beyond range
                                 csv += row.day.toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(row.sourceId) + ',' + quoted(row.metric) + ','
                                      + sum + ',' + QByteArray::number(row.count) + ',' + sum + ',' + QByteArray::number(row.avg, 'g', 15) + "\r\n";
                             }
                             reply.status = 200;
                             reply.setHeader("Content-Type", "text/csv; charset=utf-8");
                             QString fileName = metric + QLatin1Char('_') + source + QStringLiteral(".csv");
                             for (QChar &ch : fileName)
                                 if (!(ch.isLetterOrNumber() || ch == QLatin1Char('_') || ch == QLatin1Char('-') || ch == QLatin1Char('.')))
                                     ch = QLatin1Char('_');
                             reply.setHeader("Content-Disposition", "attachment; filename=\"" + fileName.toLatin1() + '"');
                             reply.body = csv;
                             return reply;
                         });
                     }, {}, true});

    const QStringList rollingParams = series + QStringList{QStringLiteral("window"), QStringLiteral("z_thresh"), QStringLiteral("value_field")};
    for (const QString &path : {QStringLiteral("/api/metrics/anomaly/rolling"), QStringLiteral("/api/anomaly/rolling")})
        server.addRoute({"GET", path, QStringLiteral("Rolling z-score anomalies (bare)"), rollingParams, true, P::ReadData, false,
                         [](RouteContext &c) { return anomalies(c, Anomaly::Method::RollingZ); }, {}});
    server.addRoute({"GET", QStringLiteral("/api/metrics/anomaly/iforest"), QStringLiteral("Isolation Forest anomalies (bare); 204 when too few days"),
                     series + QStringList{QStringLiteral("contamination")}, true, P::ReadData, false,
                     [](RouteContext &c) { return anomalies(c, Anomaly::Method::IsolationForest); }, {}});
    server.addRoute({"GET", QStringLiteral("/api/anomalies"), QStringLiteral("Stored anomaly results"),
                     series + QStringList{QStringLiteral("all_days")}, true, P::ReadData, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         auto range = dateRange(c.request);
                         if (failed(range, reply))
                             return reply;
                         const bool all = c.request.queryValue(QStringLiteral("all_days")) == QLatin1String("true");
                         auto stored = Anomaly::AnomalyService(c.database).stored(c.request.queryValue(QStringLiteral("source_name")),
                                                                                  c.request.queryValue(QStringLiteral("metric")),
                                                                                  std::get<0>(range).first, std::get<0>(range).second, all);
                         if (!stored)
                             return errorReply(stored.error());
                         QJsonArray out;
                         for (const auto &a : std::as_const(*stored))
                             out.append(a.toJson());
                         return envelopeReply(out);
                     }, {}});

    server.addRoute({"GET", QStringLiteral("/api/forecast/daily"), QStringLiteral("Forecast the next horizon days (bare array)"),
                     {QStringLiteral("source_name"), QStringLiteral("metric"), QStringLiteral("horizon")}, true, P::ReadData, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         const QString source = c.request.queryValue(QStringLiteral("source_name")).trimmed();
                         const QString metric = c.request.queryValue(QStringLiteral("metric")).trimmed();
                         if (source.isEmpty() || metric.isEmpty())
                             return validationError(QStringLiteral("metric"), QStringLiteral("source_name and metric are required."));
                         auto horizon = intParam(c.request, QStringLiteral("horizon"), 7, 1, 30);
                         if (failed(horizon, reply))
                             return reply;
                         Forecast::ServiceRequest request = forecastRequest(source, metric, std::get<int>(horizon));
                         request.withReliability = false;
                         auto run = Forecast::ForecastService(c.database).run(request);
                         if (!run)
                             return errorReply(run.error());
                         c.server.metrics().add(QStringLiteral("forecast_runs"));
                         QJsonArray out;
                         for (const Forecast::StoredPoint &p : std::as_const(run->points)) {
                             const double lower = std::min({p.lower95, p.yhat, p.upper95});
                             const double upper = std::max({p.lower95, p.yhat, p.upper95});
                             out.append(QJsonObject{{QStringLiteral("metric_date"), QString(p.day.toString(Qt::ISODate) + QStringLiteral("T00:00:00Z"))},
                                                    {QStringLiteral("metric"), metric},
                                                    {QStringLiteral("yhat"), p.yhat},
                                                    {QStringLiteral("yhat_lower"), lower},
                                                    {QStringLiteral("yhat_upper"), upper},
                                                    {QStringLiteral("date"), p.day.toString(Qt::ISODate)}});
                         }
                         return jsonReply(200, out);
                     }, {}});

    server.addRoute({"POST", QStringLiteral("/api/forecast/run"),
                     QStringLiteral("Fit, forecast and store a run. Optional model: auto (default; ARIMA, ETS, Theta or their combination, "
                                    "whichever backtests best), arima, ets, theta or combo; another value is 422 VALIDATION_ERROR. data "
                                    "carries model, model_family, model_requested, choice_reason, auto_transform and fallback_reason"),
                     {QStringLiteral("source_name"), QStringLiteral("metric"), QStringLiteral("horizon_days"), QStringLiteral("horizon"),
                      QStringLiteral("model")}, true, P::RunAnalytics, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         const auto body = seriesBody(c.request);
                         if (failed(body, reply))
                             return reply;
                         const auto &[object, source, metric] = std::get<SeriesBody>(body);
                         const QString horizonText = textParam(c.request, object, QStringLiteral("horizon_days"),
                                                               textParam(c.request, object, QStringLiteral("horizon"), QStringLiteral("7")));
                         bool ok = false;
                         const int horizon = horizonText.toInt(&ok);
                         if (!ok || horizon < 1 || horizon > 365)
                             return validationError(QStringLiteral("horizon_days"), QStringLiteral("horizon_days must be a whole number from 1 to 365."));
                         // Optional model family (issue 20), default auto: clients of the first contract send none.
                         const QString modelText = textParam(c.request, object, QStringLiteral("model"), QStringLiteral("auto"));
                         const std::optional<Forecast::ModelChoice> model = Forecast::ModelSelection::parseChoice(modelText);
                         if (!model)
                             return validationError(QStringLiteral("model"), QStringLiteral("model must be auto, arima, ets, theta or combo."));
                         Forecast::ServiceRequest request = forecastRequest(source, metric, horizon);
                         request.model = *model;
                         auto run = Forecast::ForecastService(c.database).run(request);
                         if (!run)
                             return errorReply(run.error());
                         c.server.metrics().add(QStringLiteral("forecast_runs"));
                         const qint64 inserted = run->points.size();
                         QJsonObject data{{QStringLiteral("horizon_days"), horizon},
                                          {QStringLiteral("inserted"), inserted},
                                          {QStringLiteral("run_id"), run->id},
                                          {QStringLiteral("model"), run->model},
                                          {QStringLiteral("model_family"), run->details.value(QStringLiteral("model_family"))},
                                          {QStringLiteral("choice_reason"), run->details.value(QStringLiteral("choice_reason"))},
                                          {QStringLiteral("model_requested"), run->details.value(QStringLiteral("model_requested"))},
                                          {QStringLiteral("auto_transform"), run->details.value(QStringLiteral("auto_transform"))},
                                          {QStringLiteral("fallback_reason"), run->fallbackReason.isEmpty() ? QJsonValue() : QJsonValue(run->fallbackReason)}};
                         return jsonReply(200, QJsonObject{{QStringLiteral("ok"), true},
                                                           {QStringLiteral("horizon_days"), horizon},
                                                           {QStringLiteral("inserted"), inserted},
                                                           {QStringLiteral("data"), data},
                                                           {QStringLiteral("error"), QJsonValue::Null},
                                                           {QStringLiteral("meta"), replyMeta()}});
                     }, {}});

    const QStringList backtestParams{QStringLiteral("source_name"), QStringLiteral("metric"), QStringLiteral("folds"), QStringLiteral("horizon"), QStringLiteral("window_n")};
    server.addRoute({"POST", QStringLiteral("/api/forecast/backtest"), QStringLiteral("Rolling-origin backtest"), backtestParams, true, P::RunAnalytics, false,
                     [](RouteContext &c) { return backtest(c, false); }, {}});
    server.addRoute({"GET", QStringLiteral("/api/forecast/reliability"), QStringLiteral("Backtest reliability with meta"), backtestParams, true, P::ReadData, false,
                     [](RouteContext &c) { return backtest(c, true); }, {}});
    server.addRoute({"POST", QStringLiteral("/api/forecast/reliability/run"), QStringLiteral("Run and store a reliability grade; 422 when no fold"), {}, true, P::RunAnalytics, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         const auto body = seriesBody(c.request);
                         if (failed(body, reply))
                             return reply;
                         const auto &[o, source, metric] = std::get<SeriesBody>(body);
                         const int days = o.value(QStringLiteral("days")).toInt(0);
                         const int folds = o.value(QStringLiteral("folds")).toInt(5);
                         const int horizon = o.value(QStringLiteral("horizon")).toInt(7);
                         if (days < 0 || folds < 1 || folds > 50 || horizon < 1 || horizon > 60)
                             return validationError(QStringLiteral("folds"), QStringLiteral("folds must be 1..50, horizon 1..60, days >= 0."));
                         Forecast::ServiceRequest request = forecastRequest(source, metric, horizon);
                         request.backtest = Forecast::BacktestOptions{folds, horizon, days, 7};
                         auto info = Forecast::ForecastService(c.database).backtest(request, true);
                         if (!info && info.error().code == QLatin1String("NO_FOLDS")) // the predecessor's words first
                             return errorReply(422, info.error().code, QStringLiteral("The backtest produced 0 folds: %1").arg(info.error().message),
                                               info.error().details);
                         if (!info)
                             return errorReply(info.error(), info.error().kind == Common::ErrorKind::NotFound &&
                                                                     info.error().code == QLatin1String("NOT_FOUND") ? 404 : 422);
                         if (info->folds == 0)
                             return errorReply(422, QStringLiteral("NO_FOLDS"),
                                               QStringLiteral("The backtest produced 0 folds: there is too little history of '%1' in '%2' to form one.")
                                                   .arg(metric, source));
                         c.server.metrics().add(QStringLiteral("reliability_runs"));
                         return envelopeReply(info->toJson(), 200, QJsonObject{{QStringLiteral("source_name"), source},
                                                                                {QStringLiteral("metric"), metric}});
                     }, {}});
    server.addRoute({"GET", QStringLiteral("/api/forecast/health"), QStringLiteral("When the model was trained and its MAPE (bare)"),
                     {QStringLiteral("source_name"), QStringLiteral("metric"), QStringLiteral("window")}, true, P::ReadData, false,
                     [](RouteContext &c) { return forecastHealth(c); }, {}});
    server.addRoute({"GET", QStringLiteral("/api/forecast/runs"), QStringLiteral("Stored forecast runs"),
                     {QStringLiteral("source_name"), QStringLiteral("metric"), QStringLiteral("limit")}, true, P::ReadData, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         auto limit = intParam(c.request, QStringLiteral("limit"), 50, 1, 1000);
                         if (failed(limit, reply))
                             return reply;
                         auto runs = Forecast::ForecastService(c.database).runs(c.request.queryValue(QStringLiteral("source_name")),
                                                                                c.request.queryValue(QStringLiteral("metric")), std::get<int>(limit));
                         if (!runs)
                             return errorReply(runs.error());
                         QJsonArray out;
                         for (const auto &run : std::as_const(*runs))
                             out.append(run.toJson());
                         return envelopeReply(out);
                     }, {}});

    auto sourceJson = [](QSqlQuery &query) {
        return QJsonObject{{QStringLiteral("id"), query.value(0).toLongLong()}, {QStringLiteral("name"), query.value(1).toString()}};
    };
    server.addRoute({"GET", QStringLiteral("/api/sources"), QStringLiteral("Sources"), {}, true, P::ReadData, false,
                     [sourceJson](RouteContext &c) {
                         return cachedRead(c, [&]() -> HttpResponse {
                             QSqlQuery query(c.database->connection());
                             if (!query.exec(QStringLiteral("SELECT id, name FROM sources ORDER BY name, id")))
                                 return errorReply(Storage::Database::sqlError(query.lastError(), QStringLiteral("listing sources")));
                             QJsonArray out;
                             while (query.next())
                                 out.append(sourceJson(query));
                             return envelopeReply(out);
                         });
                     }, {}, true});
    server.addRoute({"GET", QStringLiteral("/api/sources/{id}"), QStringLiteral("One source"), {}, true, P::ReadData, false,
                     [sourceJson](RouteContext &c) {
                         return cachedRead(c, [&]() -> HttpResponse {
                             bool ok = false;
                             const qint64 id = c.request.pathParams.value(QStringLiteral("id")).toLongLong(&ok);
                             if (!ok)
                                 return validationError(QStringLiteral("id"), QStringLiteral("The source id must be a whole number."));
                             QSqlQuery query(c.database->connection());
                             query.prepare(QStringLiteral("SELECT id, name FROM sources WHERE id = ?"));
                             query.addBindValue(id);
                             if (!query.exec())
                                 return errorReply(Storage::Database::sqlError(query.lastError(), QStringLiteral("reading a source")));
                             if (!query.next())
                                 return errorReply(404, QStringLiteral("NOT_FOUND"), QStringLiteral("There is no source %1.").arg(id));
                             return envelopeReply(sourceJson(query));
                         });
                     }, {}, true});

    server.addRoute({"GET", QStringLiteral("/api/batches"), QStringLiteral("Import history"), {QStringLiteral("source_name"), QStringLiteral("limit")}, true, P::ReadData, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         auto limit = intParam(c.request, QStringLiteral("limit"), 1000, 1, 100000);
                         if (failed(limit, reply))
                             return reply;
                         auto batches = Ingest::BatchService(c.database).list(c.request.queryValue(QStringLiteral("source_name")), std::get<int>(limit));
                         if (!batches)
                             return errorReply(batches.error());
                         QJsonArray out;
                         for (const auto &b : std::as_const(*batches))
                             out.append(b.toJson());
                         return envelopeReply(out);
                     }, {}});
    server.addRoute({"DELETE", QStringLiteral("/api/batches/{id}"), QStringLiteral("Remove an import and recompute its KPIs (admin)"), {}, true, P::DeleteBatches, false,
                     [](RouteContext &c) {
                         bool ok = false;
                         const qint64 id = c.request.pathParams.value(QStringLiteral("id")).toLongLong(&ok);
                         if (!ok)
                             return validationError(QStringLiteral("id"), QStringLiteral("The batch id must be a whole number."));
                         auto removed = Ingest::BatchService(c.database).remove(id);
                         if (!removed)
                             return errorReply(removed.error());
                         return envelopeReply(removed->toJson());
                     }, {}});
}

} // namespace Api::Routes
