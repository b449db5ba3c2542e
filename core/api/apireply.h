#pragma once
// The JSON shapes every route answers with: the envelope {"ok","data","error","meta"} (errors also
// carry a top-level "detail"), bare JSON, and the mapping of core errors to HTTP statuses, in one place.

#include "api/httpmessage.h"
#include "common/error.h"

#include <QJsonObject>
#include <QJsonValue>

namespace Api {

inline const QString ApiVersion = QStringLiteral("0.7.0");

QJsonObject replyMeta(const QJsonObject &extra = {});
HttpResponse jsonReply(int status, const QJsonValue &value);
HttpResponse envelopeReply(const QJsonValue &data, int status = 200, const QJsonObject &extraMeta = {});
HttpResponse errorReply(int status, const QString &code, const QString &message, const QJsonObject &details = {});
HttpResponse errorReply(const Common::Error &error, int status = 0);
// status 0: the status the error's kind and code stand for. A database that is busy (another
// writer holds the lock past the busy timeout) is 503 DATABASE_BUSY with Retry-After, whatever the
// status asked for: the request may simply be tried again.
int httpStatusFor(const Common::Error &error);
// The database was busy or locked: code DATABASE_BUSY (as core/storage reports it), or a DB_ERROR
// whose native code is SQLite's BUSY/LOCKED (or an extended form) or PostgreSQL's lock_not_available,
// deadlock_detected or serialization_failure.
bool isDatabaseBusy(const Common::Error &error);

// Common::nowIsoUtc() as Latin-1 bytes, without a QDateTime format each time: the part up to the
// second is kept per thread while the second lasts (cached replies and log lines want one each).
QByteArray nowIsoUtcBytes();

} // namespace Api
