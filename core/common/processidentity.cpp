#include "processidentity.h"

#include <QCoreApplication>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace Common {

QString processIdentity()
{
    return QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid());
}

bool isDeadLocalProcess(const QString &holder)
{
#ifdef Q_OS_UNIX
    const qsizetype colon = holder.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0 || holder.left(colon) != QSysInfo::machineHostName())
        return false;
    bool ok = false;
    const qint64 pid = holder.mid(colon + 1).toLongLong(&ok);
    if (!ok || pid <= 0 || pid == QCoreApplication::applicationPid())
        return false;
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
#else
    Q_UNUSED(holder);
    return false;
#endif
}

} // namespace Common
