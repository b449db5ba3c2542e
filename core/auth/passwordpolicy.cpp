#include "passwordpolicy.h"

#include "auth/autherrors.h"

namespace Auth {

namespace {

Common::Error weak(const QString &rule, const QString &message)
{
    return Common::Error::badInput(QString::fromLatin1(Errors::WeakPassword), message,
                                   QJsonObject{{QStringLiteral("rule"), rule}});
}

} // namespace

Common::Status PasswordPolicy::check(const QString &password, const QString &email)
{
    const qsizetype length = password.toUcs4().size();
    if (length < MinLength)
        return weak(QStringLiteral("min_length"), QStringLiteral("The password must have at least %1 characters (it has %2).").arg(MinLength).arg(length));
    if (length > MaxLength)
        return weak(QStringLiteral("max_length"), QStringLiteral("The password may have at most %1 characters.").arg(MaxLength));
    const QString address = email.trimmed();
    if (!address.isEmpty() && password.compare(address, Qt::CaseInsensitive) == 0)
        return weak(QStringLiteral("equals_email"), QStringLiteral("The password must not be the email address."));
    const qsizetype at = address.indexOf(u'@');
    if (at > 0 && password.compare(address.left(at), Qt::CaseInsensitive) == 0)
        return weak(QStringLiteral("equals_local_part"), QStringLiteral("The password must not be the name part of the email address."));
    return {};
}

} // namespace Auth
