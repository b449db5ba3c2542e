#pragma once
// Structured logging for every part of SmartData.
//
// Modules declare their QLoggingCategory once (smartdata.storage, smartdata.ingest, ...) and log with
// qCInfo(lcStorage) as usual. Logging::install() routes every message to two sinks:
//  - a JSON-lines file under the log dir (timestamp, level, category, message and context fields),
//    rotated by size, for the log viewer, support and machines;
//  - a readable line on stderr for the command line (warnings and up, or info with --verbose).
// Logging::event() adds context fields (request id, job name, counts, ...) to a line.

#include <QJsonObject>
#include <QLoggingCategory>
#include <QString>

namespace Logging {

struct Options final
{
    QString logDir;                       // empty = no file sink
    QtMsgType stderrLevel = QtWarningMsg; // lowest level printed on stderr
    bool stderrEnabled = true;
    bool verbose = false;                 // also enable smartdata.*.debug
    qint64 maxFileBytes = 10 * 1024 * 1024;
    int keepFiles = 5;                    // rotated files kept besides the current one
};

void install(const Options &options);
void uninstall();

// The current JSON-lines file, empty when there is no file sink.
QString logFilePath();

// One structured line: message plus context fields, at the given level, in the given category.
void event(const QLoggingCategory &category, QtMsgType level, const QString &message,
           const QJsonObject &fields = {});

// Complete JSON lines ("{...}\n" each, with ts, level, category and message like event()'s) for the
// file sink, written at once: for emitters of many lines (the API's request log) that format and
// batch their own. Nothing goes to stderr: such an emitter asks stderrShows() and, when a line of its
// level would be shown there, uses event() instead.
void writeJsonLines(const QByteArray &lines);
bool stderrShows(QtMsgType level);

// "debug", "info", "warning", "critical", "fatal".
QString levelName(QtMsgType type);

} // namespace Logging
