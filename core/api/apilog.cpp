#include "apilog.h"
Q_LOGGING_CATEGORY(lcApi, "smartdata.api")
