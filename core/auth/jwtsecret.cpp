#include "jwtsecret.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"
#include "common/paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Auth {

namespace {

QString native(const QString &path)
{
    return QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
}

QString lastErrno()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool writeAll(int fd, const unsigned char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= size_t(n);
    }
    return true;
}

// Writes a fresh secret to a private temporary file and links it to path; link() never replaces an
// existing file, so a concurrent creator's secret wins and both processes then read the same one.
Common::Status create(const QString &path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Common::Error::refused(QString::fromLatin1(Errors::SecretUnwritable),
                                      QStringLiteral("Cannot create the folder %1 for the JWT secret.").arg(native(info.absolutePath())));
    }
    QByteArray tmpl = QFile::encodeName(info.absolutePath() + QStringLiteral("/.jwt.secret.XXXXXX"));
    const int fd = ::mkstemp(tmpl.data()); // mode 0600
    if (fd < 0) {
        return Common::Error::refused(QString::fromLatin1(Errors::SecretUnwritable),
                                      QStringLiteral("Cannot create the JWT secret in %1: %2").arg(native(info.absolutePath()), lastErrno()));
    }
    unsigned char secret[JwtSecret::GeneratedBytes];
    randombytes_buf(secret, sizeof secret);
    const bool written = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 && writeAll(fd, secret, sizeof secret) && ::fsync(fd) == 0;
    sodium_memzero(secret, sizeof secret);
    const QString error = lastErrno();
    ::close(fd);
    if (!written) {
        ::unlink(tmpl.constData());
        return Common::Error::refused(QString::fromLatin1(Errors::SecretUnwritable),
                                      QStringLiteral("Cannot write the JWT secret %1: %2").arg(native(path), error));
    }
    const QByteArray target = QFile::encodeName(info.absoluteFilePath());
    const int linked = ::link(tmpl.constData(), target.constData());
    const int linkErrno = errno;
    ::unlink(tmpl.constData());
    if (linked != 0 && linkErrno != EEXIST) {
        return Common::Error::refused(QString::fromLatin1(Errors::SecretUnwritable),
                                      QStringLiteral("Cannot create the JWT secret %1: %2").arg(native(path), QString::fromLocal8Bit(std::strerror(linkErrno))));
    }
    if (linked == 0)
        qCInfo(lcAuth).noquote() << "Created a new JWT secret at" << native(path);
    return {};
}

} // namespace

QString JwtSecret::defaultPath()
{
    return Common::AppPaths::dataDir() + QStringLiteral("/jwt.secret");
}

Common::Result<QByteArray> JwtSecret::loadOrCreate(const QString &givenPath)
{
    if (sodium_init() < 0)
        return Common::Error::internal(QString::fromLatin1(Errors::SecretUnreadable), QStringLiteral("libsodium could not be initialised."));
    const QString path = givenPath.isEmpty() ? defaultPath() : givenPath;
    const QByteArray encoded = QFile::encodeName(QFileInfo(path).absoluteFilePath());

    int fd = ::open(encoded.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        if (Common::Status created = create(path); !created)
            return created.error();
        fd = ::open(encoded.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) {
        return Common::Error::refused(QString::fromLatin1(Errors::SecretUnreadable),
                                      QStringLiteral("Cannot read the JWT secret %1: %2").arg(native(path), lastErrno()));
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0) {
        const QString error = lastErrno();
        ::close(fd);
        return Common::Error::refused(QString::fromLatin1(Errors::SecretUnreadable),
                                      QStringLiteral("Cannot read the JWT secret %1: %2").arg(native(path), error));
    }
    auto insecure = [&](const QString &why) {
        ::close(fd);
        return Common::Error::refused(QString::fromLatin1(Errors::SecretInsecure),
                                      QStringLiteral("The JWT secret %1 %2. Anyone who can read it can sign tokens; "
                                                     "fix it with: chmod 600 %1").arg(native(path), why),
                                      QJsonObject{{QStringLiteral("path"), native(path)},
                                                  {QStringLiteral("mode"), QString::number(st.st_mode & 07777, 8)}});
    };
    if (!S_ISREG(st.st_mode))
        return insecure(QStringLiteral("is not a regular file"));
    if (st.st_uid != ::geteuid())
        return insecure(QStringLiteral("belongs to another user"));
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return insecure(QStringLiteral("can be read or written by other users (mode %1)").arg(QString::number(st.st_mode & 0777, 8)));

    QByteArray secret;
    secret.resize(qsizetype(std::min<off_t>(st.st_size, 1 << 20)));
    qsizetype got = 0;
    while (got < secret.size()) {
        const ssize_t n = ::read(fd, secret.data() + got, size_t(secret.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += n;
    }
    ::close(fd);
    secret.truncate(got);
    if (secret.size() < MinimumBytes) {
        return Common::Error::refused(QString::fromLatin1(Errors::SecretTooShort),
                                      QStringLiteral("The JWT secret %1 has %2 bytes; it needs at least %3. "
                                                     "Delete it to have a new one made (this signs everyone out).")
                                          .arg(native(path)).arg(secret.size()).arg(MinimumBytes),
                                      QJsonObject{{QStringLiteral("path"), native(path)}, {QStringLiteral("bytes"), secret.size()}});
    }
    return secret;
}

} // namespace Auth
