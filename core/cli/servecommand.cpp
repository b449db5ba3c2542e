// smartdata serve: the REST API (API.md) without a window, until the process is stopped.

#include "api/apilog.h"
#include "api/apiserver.h"
#include "api/apisettings.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "jobs/jobmanager.h"
#include "scheduler/scheduler.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <csignal>

namespace Cli {

namespace {

// Only an atomic store is safe in a signal handler; a timer on the event loop acts on it.
volatile std::sig_atomic_t g_stopRequested = 0;

void quitOnSignal(int)
{
    g_stopRequested = 1;
}

} // namespace

int serveCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves the REST API (see API.md) until stopped. It listens on 127.0.0.1:8000 unless told otherwise; "
        "binding any other address exposes the data on the network and is logged as a warning."));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("address to listen on (default 127.0.0.1)"), QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("port (default 8000)"), QStringLiteral("PORT"), QStringLiteral("8000"));
    const QCommandLineOption maxBody(QStringLiteral("max-body-mb"), QStringLiteral("largest request body in MiB (default 256)"), QStringLiteral("MIB"), QStringLiteral("256"));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("worker threads for requests (default 4)"), QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption perAddress(QStringLiteral("max-connections-per-address"),
                                        QStringLiteral("open connections one client address may hold, loopback included (default 32)"), QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption headerTimeout(QStringLiteral("header-timeout-s"),
                                           QStringLiteral("seconds a request's line and headers may take, from their first byte (default 10)"), QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption bodyTimeout(QStringLiteral("body-timeout-s"),
                                         QStringLiteral("seconds a whole request body may take (default 600)"), QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption minBodyRate(QStringLiteral("min-body-rate-kib"),
                                         QStringLiteral("slowest average body rate in KiB/s accepted after the first 10 s, 0 = any (default 16)"), QStringLiteral("KIB"), QStringLiteral("16"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate (chain) for HTTPS"), QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key for HTTPS"), QStringLiteral("FILE"));
    const QCommandLineOption corsOrigin(QStringLiteral("cors-origin"),
                                        QStringLiteral("a web origin whose pages may call the API (scheme://host[:port], scheme://host:* for any port, "
                                                       "* for all); repeatable; 'none' turns CORS off (default: the setting api/cors_origins, "
                                                       "else http://localhost:* and http://127.0.0.1:*)"),
                                        QStringLiteral("URL"));
    const QCommandLineOption signupRole(QStringLiteral("signup-role"),
                                        QStringLiteral("role of a self-signup after the first user (who becomes admin): viewer or analyst "
                                                       "(default: the setting api/signup_role, else viewer); signup is only open on a loopback address"),
                                        QStringLiteral("ROLE"));
    const QCommandLineOption noSignup(QStringLiteral("no-signup"), QStringLiteral("close self-signup; admins add users (smartdata user add)"));
    parser.addOptions({host, port, maxBody, workers, perAddress, headerTimeout, bodyTimeout, minBodyRate, tlsCert, tlsKey, corsOrigin,
                       signupRole, noSignup});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("serve"), arguments); code >= 0)
        return code;
    auto usage = [&](const QString &message) {
        context.err << "smartdata serve: " << message << "\n\n" << commandHelp(parser, QStringLiteral("serve"));
        context.err.flush();
        return int(ExitUsage);
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'.").arg(parser.positionalArguments().first()));

    Api::ServerOptions options;
    const QString hostText = parser.value(host);
    options.host = hostText == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(hostText);
    if (options.host.isNull())
        return usage(QStringLiteral("--host expects an IP address, got '%1'.").arg(hostText));
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return usage(QStringLiteral("--port expects 0..65535, got '%1'.").arg(parser.value(port)));
    options.port = quint16(portNumber);
    const qint64 mib = parser.value(maxBody).toLongLong(&ok);
    if (!ok || mib < 1 || mib > 64 * 1024)
        return usage(QStringLiteral("--max-body-mb expects 1..65536."));
    options.limits.maxBodyBytes = mib * 1024 * 1024;
    options.workerThreads = parser.value(workers).toInt(&ok);
    if (!ok || options.workerThreads < 1 || options.workerThreads > 64)
        return usage(QStringLiteral("--workers expects 1..64."));
    options.maxConnectionsPerAddress = parser.value(perAddress).toInt(&ok);
    if (!ok || options.maxConnectionsPerAddress < 1 || options.maxConnectionsPerAddress > options.maxConnections)
        return usage(QStringLiteral("--max-connections-per-address expects 1..%1.").arg(options.maxConnections));
    const int headerSeconds = parser.value(headerTimeout).toInt(&ok);
    if (!ok || headerSeconds < 1 || headerSeconds > 3600)
        return usage(QStringLiteral("--header-timeout-s expects 1..3600."));
    options.limits.headerTimeoutMs = headerSeconds * 1000;
    const int bodySeconds = parser.value(bodyTimeout).toInt(&ok);
    if (!ok || bodySeconds < 1 || bodySeconds > 24 * 3600)
        return usage(QStringLiteral("--body-timeout-s expects 1..86400."));
    options.limits.bodyTimeoutMs = bodySeconds * 1000;
    const int rateKib = parser.value(minBodyRate).toInt(&ok);
    if (!ok || rateKib < 0 || rateKib > 1024 * 1024)
        return usage(QStringLiteral("--min-body-rate-kib expects 0..1048576."));
    options.limits.minBodyBytesPerSecond = qint64(rateKib) * 1024;
    if (parser.isSet(tlsCert) != parser.isSet(tlsKey))
        return usage(QStringLiteral("--tls-cert and --tls-key go together."));
    options.tlsCertificatePath = parser.value(tlsCert);
    options.tlsKeyPath = parser.value(tlsKey);
    Api::ApiSettings settings = Api::ApiSettings::load();
    if (parser.isSet(corsOrigin))
        settings.corsOrigins = parser.values(corsOrigin);
    if (parser.isSet(signupRole) && parser.isSet(noSignup))
        return usage(QStringLiteral("--signup-role and --no-signup exclude each other."));
    if (parser.isSet(signupRole)) {
        const QString roleText = parser.value(signupRole);
        auto role = Api::ApiSettings::parseSignupRole(roleText);
        if (!role || !role->has_value())
            return usage(QStringLiteral("--signup-role expects viewer or analyst, got '%1'.").arg(roleText));
        settings.signupRole = *role;
    }
    if (parser.isSet(noSignup))
        settings.signupRole.reset();
    if (const Common::Status applied = settings.applyTo(options); !applied)
        return usage((parser.isSet(corsOrigin) ? QStringLiteral("--cors-origin: ") : QStringLiteral("setting api/cors_origins: "))
                     + applied.error().message);

    auto database = context.openDatabase();
    if (!database)
        return reportError(context.err, database.error());
    if (!options.host.isLoopback()) {
        qCWarning(lcApi, "smartdata serve: listening on %s, not a loopback address: anyone who can reach it may try to sign in.",
                  qPrintable(options.host.toString()));
    }
    Api::ApiServer server(*database, options);
    if (!server.start()) {
        context.err << "smartdata serve: cannot start: " << server.errorString() << "\n";
        context.err.flush();
        return ExitFailure;
    }
    // The scheduled jobs (nightly KPIs, weekly retrain, housekeeping) run while the server does,
    // including a catch-up of runs missed while it was stopped.
    Scheduler::Scheduler scheduler(*server.jobManager());
    if (const Common::Status started = scheduler.start(); !started)
        qCWarning(lcApi, "Scheduler not started: %s", qPrintable(started.error().message));
    context.out << "Serving the SmartData API on " << (options.tlsCertificatePath.isEmpty() ? "http" : "https") << "://"
                << (options.host.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + options.host.toString() + QLatin1Char(']') : options.host.toString())
                << ':' << server.port() << " (Ctrl+C stops it)\n";
    context.out << "Web pages allowed to call it (CORS): " << options.cors.entries().join(QStringLiteral(", ")) << '\n';
    context.out << "Self-signup: "
                << (!options.allowSignup ? QStringLiteral("closed (admins add users)")
                    : !options.host.isLoopback() ? QStringLiteral("closed (not a loopback address)")
                    : QStringLiteral("open, new users become %1").arg(Auth::roleName(options.signupRole)))
                << '\n';
    context.out.flush();
    std::signal(SIGINT, quitOnSignal);
    std::signal(SIGTERM, quitOnSignal);
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, QCoreApplication::instance(), [] {
        if (g_stopRequested)
            QCoreApplication::quit();
    });
    stopPoll.start(200);
    const int code = QCoreApplication::exec();
    scheduler.stop();
    server.stop();
    return code == 0 ? ExitOk : ExitFailure;
}

} // namespace Cli
