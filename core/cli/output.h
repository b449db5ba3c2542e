#pragma once
// How commands print: plain aligned tables for people, JSON for machines, and errors in one format.

#include "common/error.h"

#include <QJsonDocument>
#include <QStringList>
#include <QTextStream>

namespace Cli {

// Prints "smartdata: error: <message>" on err and returns the exit code for the error's kind.
int reportError(QTextStream &err, const Common::Error &error);
int exitCodeFor(const Common::Error &error);

void printJson(QTextStream &out, const QJsonValue &value);

// A left-aligned text table with a header row.
void printTable(QTextStream &out, const QStringList &header, const QList<QStringList> &rows);

} // namespace Cli
