#include "emailaddress.h"

#include "auth/autherrors.h"

namespace Auth {

namespace {

Common::Error invalid(const QString &email, const QString &reason, const QString &why)
{
    return Common::Error::badInput(QString::fromLatin1(Errors::InvalidEmail),
                                   QStringLiteral("'%1' is not a valid email address: %2.").arg(email.left(80), why),
                                   QJsonObject{{QStringLiteral("reason"), reason}});
}

bool isLocalChar(QChar c)
{
    static const QLatin1String s_special("!#$%&'*+/=?^_`{|}~.-");
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || s_special.contains(c);
}

bool isDomainChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.';
}

} // namespace

Common::Result<QString> EmailAddress::normalize(const QString &email)
{
    const QString e = email.trimmed().toLower();
    if (e.isEmpty())
        return invalid(email, QStringLiteral("empty"), QStringLiteral("it is empty"));
    if (e.size() > MaxLength)
        return invalid(email, QStringLiteral("too_long"), QStringLiteral("it is longer than %1 characters").arg(MaxLength));
    const qsizetype at = e.indexOf(u'@');
    if (at < 0 || e.indexOf(u'@', at + 1) >= 0)
        return invalid(email, QStringLiteral("at_sign"), QStringLiteral("it needs exactly one '@'"));
    const QString local = e.left(at);
    const QString domain = e.mid(at + 1);
    if (local.isEmpty() || local.size() > MaxLocalLength)
        return invalid(email, QStringLiteral("local_part"), QStringLiteral("the part before '@' must have 1 to %1 characters").arg(MaxLocalLength));
    for (QChar c : local) {
        if (!isLocalChar(c))
            return invalid(email, QStringLiteral("local_part"), QStringLiteral("the part before '@' may not contain '%1'").arg(c));
    }
    if (local.startsWith(u'.') || local.endsWith(u'.') || local.contains(QLatin1String("..")))
        return invalid(email, QStringLiteral("local_part"), QStringLiteral("dots in the part before '@' must separate words"));
    const QStringList labels = domain.split(u'.');
    if (labels.size() < 2)
        return invalid(email, QStringLiteral("domain"), QStringLiteral("the domain needs a dot (example.com)"));
    for (const QString &label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return invalid(email, QStringLiteral("domain"), QStringLiteral("the domain '%1' is malformed").arg(domain));
        for (QChar c : label) {
            if (!isDomainChar(c))
                return invalid(email, QStringLiteral("domain"), QStringLiteral("the domain may not contain '%1'").arg(c));
        }
    }
    return e;
}

} // namespace Auth
