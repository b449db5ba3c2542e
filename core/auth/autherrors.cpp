#include "autherrors.h"

namespace Auth::Errors {

bool isUnauthenticated(const Common::Error &error)
{
    const QString &c = error.code;
    return c == QLatin1String(InvalidCredentials) || c.startsWith(QLatin1String("TOKEN_"));
}

int httpStatusFor(const Common::Error &error)
{
    const QString &c = error.code;
    if (isUnauthenticated(error))
        return 401;
    if (c == QLatin1String(Throttled))
        return 429;
    if (c == QLatin1String(SignupDisabled) || c == QLatin1String(AccountDisabled) || c == QLatin1String(Forbidden))
        return 403;
    if (c == QLatin1String(InvalidEmail) || c == QLatin1String(WeakPassword) || c == QLatin1String(InvalidRole))
        return 422;
    switch (error.kind) {
    case Common::ErrorKind::BadInput: return 400;
    case Common::ErrorKind::NotFound: return 404;
    case Common::ErrorKind::Conflict: return 409;
    case Common::ErrorKind::Refused:
    case Common::ErrorKind::Cancelled:
    case Common::ErrorKind::Internal: return 500;
    }
    return 500;
}

} // namespace Auth::Errors
