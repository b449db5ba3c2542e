#pragma once
// How an AuthService behaves; the API server fills it from its settings and command line.

#include "auth/role.h"

#include <QString>

namespace Auth {

struct AuthConfig final
{
    // The JWT secret file; empty = JwtSecret::defaultPath() (<data dir>/jwt.secret).
    QString secretPath;

    // Self-service signup after the first user (who always may sign up and becomes admin) is
    // possible only when the server listens on a loopback address AND allowSignup is set. So by
    // default it is on for 127.0.0.1 / ::1 and off for any other address.
    bool listensOnLoopback = true;
    bool allowSignup = true;
    bool othersMaySignUp() const { return listensOnLoopback && allowSignup; }
    // The role of those later self-signups: Viewer (the default) or Analyst (may import and run
    // analyses, as everyone could in the predecessor, which had no roles). Never Admin.
    Role signupRole = Role::Viewer;

    int accessTokenSeconds = 15 * 60;
    int refreshTokenSeconds = 7 * 24 * 60 * 60;
    int clockLeewaySeconds = 30; // tolerated clock skew for exp, nbf and iat

    // Login throttling (LoginThrottle explains the rules): failures of one account from one address
    // before the backoff starts, its first and longest wait, how long those failures count; the
    // window and limits of the softer per-account rule and of the per-address rule.
    int maxLoginFailures = 5;
    int loginBackoffBaseSeconds = 1;
    int loginBackoffMaxSeconds = 15 * 60;
    int loginFailureMemorySeconds = 24 * 60 * 60;
    int loginFailureWindowSeconds = 15 * 60;
    int accountLoginFailureLimit = 50;
    int addressFailedAccountLimit = 20;
};

} // namespace Auth
