#pragma once
// The rules a new password must follow, checked before it is hashed:
//   min_length      at least 10 characters (Unicode code points)
//   max_length      at most 1024 characters (hashing is costly; nobody types more)
//   control_characters  no control characters: C0 (U+0000..U+001F, tab and newline included),
//                   DEL (U+007F) and C1 (U+0080..U+009F); they cannot be typed reliably, and they
//                   end up in logs and terminals
//   repeated_character  not one character repeated ("aaaaaaaaaaaa"), whatever its length
//   equals_email    not the email address itself (case-insensitive)
//   equals_local_part  not the part of the email before '@' (case-insensitive)
// A failure is WEAK_PASSWORD with details.rule naming the rule and a message that names it too and
// says what it asks ("Weak password (rule min_length): The password must have at least 10 ...").

#include "common/result.h"

namespace Auth {

class PasswordPolicy final
{
public:
    static constexpr int MinLength = 10;
    static constexpr int MaxLength = 1024;

    static Common::Status check(const QString &password, const QString &email);
};

} // namespace Auth
