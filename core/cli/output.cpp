#include "output.h"

#include "commandline.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

int exitCodeFor(const Common::Error &error)
{
    switch (error.kind) {
    case Common::ErrorKind::BadInput:
    case Common::ErrorKind::NotFound:
    case Common::ErrorKind::Conflict:
        return ExitUsage;
    case Common::ErrorKind::Refused:
    case Common::ErrorKind::Cancelled:
    case Common::ErrorKind::Internal:
        return ExitFailure;
    }
    return ExitFailure;
}

int reportError(QTextStream &err, const Common::Error &error)
{
    err << "smartdata: error: " << error.message << '\n';
    err.flush();
    return exitCodeFor(error);
}

void printJson(QTextStream &out, const QJsonValue &value)
{
    QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    out.flush();
}

void printTable(QTextStream &out, const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths.append(h.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    auto printRow = [&](const QStringList &cells) {
        QString line;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            line += i + 1 < cells.size() ? cells[i].leftJustified(widths.value(i) + 2) : cells[i];
        }
        out << line << '\n';
    };
    printRow(header);
    for (const QStringList &row : rows)
        printRow(row);
    out.flush();
}

} // namespace Cli
