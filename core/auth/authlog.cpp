#include "authlog.h"
Q_LOGGING_CATEGORY(lcAuth, "smartdata.auth")
