#include "dailyrowscsv.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace Ui {

QString dailyRowsCsv(const QList<Kpi::DailyRow> &rows)
{
    // The return type is spelled out: with QT_USE_QSTRINGBUILDER an `auto` lambda returned a
    // QStringBuilder holding references to its own by-value parameter, read after it was gone.
    const auto quoted = [](QString text) -> QString {
        return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    };
    const auto number = [](double value) -> QString { return QString::number(value, 'g', 17); };
    QString csv = QStringLiteral("source,metric,day,value_sum,value_count,value_avg,value_distinct,value_min,value_max\n");
    for (const Kpi::DailyRow &row : rows) {
        const QStringList cells{quoted(row.source), quoted(row.metric), row.day.toString(Qt::ISODate),
                                row.sum ? number(*row.sum) : QString(), QString::number(row.count), number(row.avg),
                                row.distinct ? QString::number(*row.distinct) : QString(), number(row.min), number(row.max)};
        csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

Common::Status writeDailyRowsCsv(const QString &path, const QList<Kpi::DailyRow> &rows)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(dailyRowsCsv(rows).toUtf8()) < 0 || !file.commit()) {
        return Common::Error::internal(QStringLiteral("EXPORT_FAILED"),
                                       QCoreApplication::translate("Ui::DailyRowsCsv", "Could not write %1: %2")
                                           .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    return {};
}

} // namespace Ui
