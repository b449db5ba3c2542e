// What an access-token check costs: AuthService::verifyAccess() on a SQLite database with some
// sessions in refresh_tokens (signature, claims, user lookup and the session's revocation check).
// The API server calls it once per token per database change (its principal cache holds the result
// in between), so this is the price of a cache miss.
//
//   bench_verifyaccess [CALLS] [SESSIONS]     defaults 20000 calls, 20 other sessions

#include "auth/authservice.h"
#include "common/clock.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int calls = args.size() > 1 ? args.at(1).toInt() : 20000;
    const int sessions = args.size() > 2 ? args.at(2).toInt() : 20;

    QTemporaryDir dir;
    auto db = Storage::Database::open(dir.filePath(QStringLiteral("smartdata.db")));
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return 1;
    }
    Auth::AuthConfig config;
    config.secretPath = dir.filePath(QStringLiteral("jwt.secret"));
    auto service = Auth::AuthService::create(*db, config);
    if (!service) {
        std::fprintf(stderr, "%s\n", qPrintable(service.error().message));
        return 1;
    }
    const QString email = QStringLiteral("admin@example.com");
    const QString password = QStringLiteral("correct horse battery");
    auto pair = (*service)->signup(email, password);
    if (!pair) {
        std::fprintf(stderr, "%s\n", qPrintable(pair.error().message));
        return 1;
    }
    for (int i = 0; i < sessions; ++i) {
        auto other = (*service)->login(email, password);
        if (!other || !(*service)->refresh(other->refreshToken))
            return 1;
    }

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < calls; ++i) {
        if (!(*service)->verifyAccess(pair->accessToken)) {
            std::fprintf(stderr, "verifyAccess failed\n");
            return 1;
        }
    }
    const double us = double(timer.nsecsElapsed()) / 1000.0 / calls;
    std::printf("verifyAccess: %.2f us per call (%d calls, %d other sessions, SQLite)\n", us, calls, sessions);
    return 0;
}
