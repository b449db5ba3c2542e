#pragma once
// The error codes of the authentication module and the HTTP status each one stands for.
//
// Every failure is a Common::Error. Common::ErrorKind has no "unauthenticated", "forbidden" or
// "too many requests", so those are ErrorKind::Refused and the code tells them apart; the API server
// maps error.code to a status with httpStatusFor() in one place (the CLI maps kinds to exit codes).
//
//   code                    kind       HTTP  when
//   INVALID_EMAIL           BadInput   422   not a plausible address (details.reason)
//   WEAK_PASSWORD           BadInput   422   breaks a password rule (details.rule)
//   INVALID_ROLE            BadInput   422   not admin, analyst or viewer
//   EMAIL_TAKEN             Conflict   409   a user with this email exists
//   LAST_ADMIN              Conflict   409   would leave no active admin
//   USER_NOT_FOUND          NotFound   404   user management: no such user
//   SIGNUP_DISABLED         Refused    403   self-service signup is off (users exist)
//   INVALID_CREDENTIALS     Refused    401   unknown email or wrong password (never says which)
//   ACCOUNT_DISABLED        Refused    403   right password, but the user is deactivated
//   THROTTLED               Refused    429   too many failed logins; details.retry_after (seconds),
//                                            details.scope ("account_address", "account" or
//                                            "address"; LoginThrottle explains them)
//   TOKEN_INVALID           Refused    401   malformed, bad signature, wrong alg (details.reason)
//   TOKEN_EXPIRED           Refused    401   exp passed
//   TOKEN_NOT_YET_VALID     Refused    401   nbf / iat in the future
//   TOKEN_WRONG_TYPE        Refused    401   refresh token used as access token or vice versa
//   TOKEN_REVOKED           Refused    401   refresh token revoked, unknown or expired in the store;
//                                            access token whose session (family) was revoked
//   TOKEN_REUSED            Refused    401   a spent refresh token came back: its family is revoked
//   TOKEN_SUBJECT_UNKNOWN   Refused    401   the token's user no longer exists
//   TOKEN_SUBJECT_INACTIVE  Refused    401   the token's user is deactivated
//   FORBIDDEN               Refused    403   the role may not do this (details.permission)
//   JWT_SECRET_*            Refused    500   the secret file is missing, short or readable by others
//   DB_ERROR, HASH_FAILED   Internal   500

#include "common/error.h"

namespace Auth::Errors {

inline constexpr char InvalidEmail[] = "INVALID_EMAIL";
inline constexpr char WeakPassword[] = "WEAK_PASSWORD";
inline constexpr char InvalidRole[] = "INVALID_ROLE";
inline constexpr char EmailTaken[] = "EMAIL_TAKEN";
inline constexpr char LastAdmin[] = "LAST_ADMIN";
inline constexpr char UserNotFound[] = "USER_NOT_FOUND";
inline constexpr char SignupDisabled[] = "SIGNUP_DISABLED";
inline constexpr char InvalidCredentials[] = "INVALID_CREDENTIALS";
inline constexpr char AccountDisabled[] = "ACCOUNT_DISABLED";
inline constexpr char Throttled[] = "THROTTLED";
inline constexpr char TokenInvalid[] = "TOKEN_INVALID";
inline constexpr char TokenExpired[] = "TOKEN_EXPIRED";
inline constexpr char TokenNotYetValid[] = "TOKEN_NOT_YET_VALID";
inline constexpr char TokenWrongType[] = "TOKEN_WRONG_TYPE";
inline constexpr char TokenRevoked[] = "TOKEN_REVOKED";
inline constexpr char TokenReused[] = "TOKEN_REUSED";
inline constexpr char TokenSubjectUnknown[] = "TOKEN_SUBJECT_UNKNOWN";
inline constexpr char TokenSubjectInactive[] = "TOKEN_SUBJECT_INACTIVE";
inline constexpr char Forbidden[] = "FORBIDDEN";
inline constexpr char SecretTooShort[] = "JWT_SECRET_TOO_SHORT";
inline constexpr char SecretInsecure[] = "JWT_SECRET_INSECURE";
inline constexpr char SecretUnreadable[] = "JWT_SECRET_UNREADABLE";
inline constexpr char SecretUnwritable[] = "JWT_SECRET_UNWRITABLE";
inline constexpr char HashFailed[] = "HASH_FAILED";

// The HTTP status for an error of this module (and a sensible one for any other Common::Error).
int httpStatusFor(const Common::Error &error);

// True for the codes that must come with "WWW-Authenticate: Bearer" (all the 401s).
bool isUnauthenticated(const Common::Error &error);

} // namespace Auth::Errors
