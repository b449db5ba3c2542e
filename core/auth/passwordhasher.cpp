#include "passwordhasher.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"

#include <sodium.h>

namespace Auth {

namespace {

void ensureSodium()
{
    // sodium_init() is idempotent and thread-safe; < 0 only when the system has no entropy source.
    static const bool s_ready = [] {
        if (sodium_init() < 0) {
            qCCritical(lcAuth) << "libsodium could not be initialised";
            return false;
        }
        return true;
    }();
    Q_UNUSED(s_ready)
}

} // namespace

Common::Result<QString> PasswordHasher::hash(const QString &password)
{
    ensureSodium();
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return Common::Error::internal(QString::fromLatin1(Errors::HashFailed),
                                       QStringLiteral("The password could not be hashed (out of memory)."));
    }
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &hash, const QString &password)
{
    ensureSodium();
    const QByteArray h = hash.toLatin1();
    if (h.isEmpty() || h.size() >= crypto_pwhash_STRBYTES)
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(h.constData(), utf8.constData(), quint64(utf8.size())) == 0;
}

bool PasswordHasher::needsRehash(const QString &hash)
{
    ensureSodium();
    const QByteArray h = hash.toLatin1();
    if (h.isEmpty() || h.size() >= crypto_pwhash_STRBYTES)
        return true;
    return crypto_pwhash_str_needs_rehash(h.constData(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

void PasswordHasher::burnVerifyTime(const QString &password)
{
    // One hash made once per process, verified against the given password (which never matches in
    // practice; if it did, the caller still treats the email as unknown).
    static const QString s_dummy = [] {
        Common::Result<QString> h = hash(QStringLiteral("smartdata-unknown-user-placeholder"));
        return h ? h.value() : QString();
    }();
    if (!s_dummy.isEmpty())
        (void)verify(s_dummy, password);
}

} // namespace Auth
