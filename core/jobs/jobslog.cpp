#include "jobslog.h"
Q_LOGGING_CATEGORY(lcJobs, "smartdata.jobs")
