#pragma once
// The canonical form of a user's email: trimmed, lower-cased and checked for a plausible shape
// (local@domain.tld, ASCII, no spaces, at most 254 characters). It is an identity, not a mailbox we
// write to, so the check is deliberately simple and strict rather than RFC 5322 complete.

#include "common/result.h"

namespace Auth {

class EmailAddress final
{
public:
    static constexpr int MaxLength = 254;
    static constexpr int MaxLocalLength = 64;

    // The normalised address, or INVALID_EMAIL with details.reason.
    static Common::Result<QString> normalize(const QString &email);
};

} // namespace Auth
