#pragma once
// Argon2id password hashes in the libsodium string format ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"),
// with libsodium's INTERACTIVE cost (about 64 MiB and some 50-100 ms per hash on a small machine).
// The string carries its own parameters, so raising the cost later only needs needsRehash() at login.

#include "common/result.h"

namespace Auth {

class PasswordHasher final
{
public:
    // HASH_FAILED (Internal) only when libsodium cannot get the memory.
    static Common::Result<QString> hash(const QString &password);
    // Constant-time verification; false for a wrong password or a malformed hash.
    static bool verify(const QString &hash, const QString &password);
    // True when the hash was made with other parameters than the current ones.
    static bool needsRehash(const QString &hash);
    // Spends about the time of verify() without a real hash, so an unknown email answers as slowly
    // as a wrong password.
    static void burnVerifyTime(const QString &password);
};

} // namespace Auth
