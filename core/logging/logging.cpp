#include "logging.h"

#include "common/clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QMutexLocker>

#include <cstdio>

namespace Logging {

namespace {

struct Sinks
{
    QMutex mutex;
    Options options;
    QFile file;
    bool installed = false;
    QtMessageHandler previous = nullptr;
};

Sinks &sinks()
{
    static Sinks s_sinks;
    return s_sinks;
}

int severity(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 4;
    }
    return 2;
}

QString filePathFor(const QString &dir, int index)
{
    return index == 0 ? dir + QStringLiteral("/smartdata.jsonl")
                      : dir + QStringLiteral("/smartdata.%1.jsonl").arg(index);
}

// Log lines carry user emails, client addresses and request details: only the owner may read them.
constexpr QFileDevice::Permissions s_ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Whether group or others may do anything with a file of these permissions.
bool othersMayAccess(QFileDevice::Permissions permissions)
{
    return permissions & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                          | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
}

// Opens (creating with mode 0600) the current file; a file left by an older version with wider
// permissions is narrowed. Caller holds the mutex.
void openCurrentFile(Sinks &s)
{
    s.file.setFileName(filePathFor(s.options.logDir, 0));
    if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text, s_ownerOnly)) {
        std::fprintf(stderr, "smartdata: cannot write the log file %s\n", qPrintable(s.file.fileName()));
        return;
    }
    if (othersMayAccess(s.file.permissions()) && !s.file.setPermissions(s_ownerOnly))
        std::fprintf(stderr, "smartdata: cannot make the log file %s private\n", qPrintable(s.file.fileName()));
}

// Caller holds the mutex.
void rotateIfNeeded(Sinks &s)
{
    if (!s.file.isOpen() || s.file.size() < s.options.maxFileBytes)
        return;
    s.file.close();
    const QString dir = s.options.logDir;
    QFile::remove(filePathFor(dir, s.options.keepFiles));
    for (int i = s.options.keepFiles - 1; i >= 0; --i) {
        if (QFile::exists(filePathFor(dir, i)))
            QFile::rename(filePathFor(dir, i), filePathFor(dir, i + 1));
    }
    openCurrentFile(s);
}

void writeLine(QtMsgType type, const char *category, const QString &message, const QJsonObject &fields)
{
    Sinks &s = sinks();
    QMutexLocker locker(&s.mutex);
    if (s.file.isOpen()) {
        QJsonObject line = fields;
        line.insert(QStringLiteral("ts"), Common::nowIsoUtc());
        line.insert(QStringLiteral("level"), levelName(type));
        line.insert(QStringLiteral("category"), QString::fromUtf8(category ? category : "default"));
        line.insert(QStringLiteral("message"), message);
        QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
        bytes.append('\n');
        s.file.write(bytes);
        s.file.flush();
        rotateIfNeeded(s);
    }
    if (s.options.stderrEnabled && severity(type) >= severity(s.options.stderrLevel)) {
        QString text = QStringLiteral("smartdata: %1: %2").arg(levelName(type), message);
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const QJsonValue v = it.value();
            const QString value = v.isString() ? v.toString()
                                               : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
            text += QStringLiteral(" %1=%2").arg(it.key(), value);
        }
        std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
        std::fflush(stderr);
    }
}

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    writeLine(type, context.category, message, {});
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return QStringLiteral("debug");
    case QtInfoMsg: return QStringLiteral("info");
    case QtWarningMsg: return QStringLiteral("warning");
    case QtCriticalMsg: return QStringLiteral("critical");
    case QtFatalMsg: return QStringLiteral("fatal");
    }
    return QStringLiteral("info");
}

void install(const Options &options)
{
    Sinks &s = sinks();
    {
        QMutexLocker locker(&s.mutex);
        s.options = options;
        if (s.file.isOpen())
            s.file.close();
        if (!options.logDir.isEmpty() && QDir().mkpath(options.logDir)) {
            openCurrentFile(s);
            // Rotated files of an older version may still be world-readable.
            for (int i = 1; i <= options.keepFiles; ++i) {
                QFile rotated(filePathFor(options.logDir, i));
                if (rotated.exists() && othersMayAccess(rotated.permissions()))
                    rotated.setPermissions(s_ownerOnly);
            }
        }
        if (!s.installed) {
            s.previous = qInstallMessageHandler(messageHandler);
            s.installed = true;
        }
    }
    QLoggingCategory::setFilterRules(options.verbose ? QStringLiteral("smartdata.*.debug=true")
                                                     : QStringLiteral("smartdata.*.debug=false"));
}

void uninstall()
{
    Sinks &s = sinks();
    QMutexLocker locker(&s.mutex);
    if (s.installed) {
        qInstallMessageHandler(s.previous);
        s.installed = false;
    }
    s.file.close();
}

QString logFilePath()
{
    Sinks &s = sinks();
    QMutexLocker locker(&s.mutex);
    return s.file.isOpen() ? QFileInfo(s.file).absoluteFilePath() : QString();
}

void writeJsonLines(const QByteArray &lines)
{
    Sinks &s = sinks();
    QMutexLocker locker(&s.mutex);
    if (!s.file.isOpen() || lines.isEmpty())
        return;
    s.file.write(lines);
    s.file.flush();
    rotateIfNeeded(s);
}

bool stderrShows(QtMsgType level)
{
    Sinks &s = sinks();
    QMutexLocker locker(&s.mutex);
    return s.options.stderrEnabled && severity(level) >= severity(s.options.stderrLevel);
}

void event(const QLoggingCategory &category, QtMsgType level, const QString &message, const QJsonObject &fields)
{
    const bool enabled = level == QtDebugMsg ? category.isDebugEnabled()
                       : level == QtInfoMsg  ? category.isInfoEnabled()
                       : level == QtWarningMsg ? category.isWarningEnabled()
                                               : category.isCriticalEnabled();
    if (!enabled)
        return;
    writeLine(level, category.categoryName(), message, fields);
}

} // namespace Logging
