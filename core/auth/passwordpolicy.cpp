#include "passwordpolicy.h"

#include "auth/autherrors.h"

#include <algorithm>

namespace Auth {

namespace {

// The message names the rule, so a client that shows only the message (the predecessor's web
// frontend shows "detail") still tells the user which rule to satisfy.
Common::Error weak(const QString &rule, const QString &message)
{
    return Common::Error::badInput(QString::fromLatin1(Errors::WeakPassword),
                                   QStringLiteral("Weak password (rule %1): %2").arg(rule, message),
                                   QJsonObject{{QStringLiteral("rule"), rule}});
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

} // namespace

Common::Status PasswordPolicy::check(const QString &password, const QString &email)
{
    const QList<uint> codePoints = password.toUcs4();
    const qsizetype length = codePoints.size();
    if (length < MinLength)
        return weak(QStringLiteral("min_length"), QStringLiteral("The password must have at least %1 characters (it has %2).").arg(MinLength).arg(length));
    if (length > MaxLength)
        return weak(QStringLiteral("max_length"), QStringLiteral("The password may have at most %1 characters.").arg(MaxLength));
    for (qsizetype i = 0; i < length; ++i) {
        if (isControl(char32_t(codePoints.at(i)))) {
            return weak(QStringLiteral("control_characters"),
                        QStringLiteral("The password must not contain control characters (character %1 is U+%2).")
                            .arg(i + 1)
                            .arg(codePoints.at(i), 4, 16, QLatin1Char('0')));
        }
    }
    if (std::all_of(codePoints.cbegin(), codePoints.cend(), [&](uint c) { return c == codePoints.first(); }))
        return weak(QStringLiteral("repeated_character"), QStringLiteral("The password must not be one character repeated."));
    const QString address = email.trimmed();
    if (!address.isEmpty() && password.compare(address, Qt::CaseInsensitive) == 0)
        return weak(QStringLiteral("equals_email"), QStringLiteral("The password must not be the email address."));
    const qsizetype at = address.indexOf(u'@');
    if (at > 0 && password.compare(address.left(at), Qt::CaseInsensitive) == 0)
        return weak(QStringLiteral("equals_local_part"), QStringLiteral("The password must not be the name part of the email address."));
    return {};
}

} // namespace Auth
