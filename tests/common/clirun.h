#pragma once
// Runs the smartdata executable as a script would and keeps what it printed. The tests that include
// this define SMARTDATA_EXECUTABLE (the built binary's path) for their target.

#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace CliTest {

struct Run
{
    int exitCode = -1; // -1 when the process crashed or was killed after the timeout
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

// stdinData: written to the process's standard input, which is then closed (end of input, as a
// script piping into it); nullopt leaves standard input open and empty.
inline Run smartdata(const QStringList &arguments,
                     const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                     int timeoutMs = 120000, const std::optional<QByteArray> &stdinData = std::nullopt)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SMARTDATA_EXECUTABLE), arguments);
    if (stdinData) {
        process.waitForStarted();
        process.write(*stdinData);
        process.closeWriteChannel();
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    Run run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace CliTest
