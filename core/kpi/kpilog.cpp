#include "kpilog.h"
Q_LOGGING_CATEGORY(lcKpi, "smartdata.kpi")
