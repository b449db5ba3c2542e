#pragma once
// The per-installation key that signs SmartData's JWTs: random bytes in a file (jwt.secret in the
// data dir unless a path is given), created on first use with mode 0600.
//
// A secret file is refused (never silently replaced) when it is shorter than 32 bytes, is not a
// regular file, belongs to another user, or grants any access to group or others: whoever can read
// it can mint admin tokens. The whole file content is the key, so an operator may provide their own.

#include "common/result.h"

#include <QByteArray>

namespace Auth {

class JwtSecret final
{
public:
    static constexpr int MinimumBytes = 32;
    static constexpr int GeneratedBytes = 64;

    // <data dir>/jwt.secret
    static QString defaultPath();

    // Reads the secret at path (defaultPath() when empty), creating it when there is no file.
    // Two processes creating it at once end up with the same secret (the file appears atomically).
    static Common::Result<QByteArray> loadOrCreate(const QString &path = {});
};

} // namespace Auth
