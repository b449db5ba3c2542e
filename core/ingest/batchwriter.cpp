#include "batchwriter.h"

#include "formatdetection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>

namespace Ingest {

Common::Result<std::unique_ptr<BatchWriter>> BatchWriter::create(const QSqlDatabase &connection)
{
    if (!connection.isOpen()) {
        return Common::Error::internal(QStringLiteral("DB_ERROR"),
                                       QStringLiteral("The database connection is not open: %1")
                                           .arg(connection.lastError().text()));
    }
    std::unique_ptr<BatchWriter> writer = connection.driverName() == QLatin1String("QPSQL")
        ? makePostgresBatchWriter(connection)
        : makeSqliteBatchWriter(connection);
    if (!writer) {
        return Common::Error::internal(QStringLiteral("DB_ENGINE_UNSUPPORTED"),
                                       QStringLiteral("Imports cannot use the database driver %1.").arg(connection.driverName()));
    }
    return writer;
}

QByteArray BatchWriter::optionsJson(const ImportOptions &options)
{
    const QJsonObject json{{QStringLiteral("source"), options.source},
                           {QStringLiteral("delimiter"), options.read.delimiter ? QString(QLatin1Char(options.read.delimiter)) : QString()},
                           {QStringLiteral("decimal_mark"), decimalMarkName(options.read.decimalMark)},
                           {QStringLiteral("thousands_separator"), thousandsSeparatorName(options.read.thousandsSeparator)},
                           {QStringLiteral("date_order"), dateOrderName(options.read.dateOrder)},
                           {QStringLiteral("date_format"), options.read.dateFormat}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray BatchWriter::messageJson(const ImportSummary &summary)
{
    QJsonObject byReason;
    for (auto it = summary.rejectedByReason.begin(); it != summary.rejectedByReason.end(); ++it)
        byReason.insert(it.key(), it.value());
    QJsonObject message{{QStringLiteral("rejected_by_reason"), byReason},
                        {QStringLiteral("notes"), QJsonArray::fromStringList(summary.notes)}};
    // A CSV import's header, so its rejected rows can be saved as a file to fix and import again.
    if (summary.format == QLatin1String("csv")) {
        message.insert(QStringLiteral("columns"), summary.detection.value(QStringLiteral("columns")));
        message.insert(QStringLiteral("delimiter"), summary.detection.value(QStringLiteral("delimiter")));
    }
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

} // namespace Ingest
