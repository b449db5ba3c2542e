#pragma once
// The logging category of the authentication module (smartdata.auth).
#include <QLoggingCategory>
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
