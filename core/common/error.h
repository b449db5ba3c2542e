#pragma once
// A failure reported by the core: a stable code for machines (and the API's error.code), a sentence
// for people, and details (row numbers, column names, ...) for both. The CLI maps it to an exit code,
// the API to an HTTP status and the UI to a dialog, each in one place.

#include <QJsonObject>
#include <QString>

namespace Common {

enum class ErrorKind {
    BadInput,   // the caller's input is wrong: exit code 2, HTTP 400/422
    NotFound,   // HTTP 404
    Conflict,   // HTTP 409
    Refused,    // a state we will not touch (newer schema, foreign file): exit code 1
    Cancelled,  // the user stopped it
    Internal,   // the work failed: exit code 1, HTTP 500
};

struct Error final
{
    ErrorKind kind = ErrorKind::Internal;
    QString code;       // e.g. "MISSING_COLUMNS", "DB_NEWER_SCHEMA"
    QString message;    // one or two plain sentences that say where and why
    QJsonObject details;

    static Error badInput(QString code, QString message, QJsonObject details = {})
    { return {ErrorKind::BadInput, std::move(code), std::move(message), std::move(details)}; }
    static Error notFound(QString code, QString message, QJsonObject details = {})
    { return {ErrorKind::NotFound, std::move(code), std::move(message), std::move(details)}; }
    static Error conflict(QString code, QString message, QJsonObject details = {})
    { return {ErrorKind::Conflict, std::move(code), std::move(message), std::move(details)}; }
    static Error refused(QString code, QString message, QJsonObject details = {})
    { return {ErrorKind::Refused, std::move(code), std::move(message), std::move(details)}; }
    static Error cancelled(QString message = QStringLiteral("Cancelled."))
    { return {ErrorKind::Cancelled, QStringLiteral("CANCELLED"), std::move(message), {}}; }
    static Error internal(QString code, QString message, QJsonObject details = {})
    { return {ErrorKind::Internal, std::move(code), std::move(message), std::move(details)}; }

    QJsonObject toJson() const
    {
        return QJsonObject{{QStringLiteral("code"), code},
                           {QStringLiteral("message"), message},
                           {QStringLiteral("details"), details}};
    }
};

} // namespace Common
