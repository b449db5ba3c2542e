#include "batchwriter.h"

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
                           {QStringLiteral("decimal_comma"), options.read.decimalComma},
                           {QStringLiteral("thousands_separator"), options.read.thousandsSeparator}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray BatchWriter::messageJson(const ImportSummary &summary)
{
    QJsonObject byReason;
    for (auto it = summary.rejectedByReason.begin(); it != summary.rejectedByReason.end(); ++it)
        byReason.insert(it.key(), it.value());
    return QJsonDocument(QJsonObject{{QStringLiteral("rejected_by_reason"), byReason}}).toJson(QJsonDocument::Compact);
}

} // namespace Ingest
