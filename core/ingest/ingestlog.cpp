#include "ingestlog.h"
Q_LOGGING_CATEGORY(lcIngest, "smartdata.ingest")
