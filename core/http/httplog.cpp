#include "httplog.h"
Q_LOGGING_CATEGORY(lcHttp, "smartdata.http")
