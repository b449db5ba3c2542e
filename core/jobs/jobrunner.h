#pragma once
// Runs one job on the calling thread and records it: a 'running' job_runs row, the work, then the
// row's final status, message and counts, with one structured log line (smartdata.jobs) at the
// start and one at the end. JobManager calls it on a pool thread; the command line calls it directly.

#include "jobs/jobdefinition.h"

namespace Jobs {

class JobRunner final
{
public:
    // onStarted is called (on this thread) once the 'running' row exists.
    static RunRecord execute(const std::shared_ptr<Storage::Database> &database, const JobDefinition &definition,
                             Trigger trigger, const QDateTime &scheduledFor, Common::ProgressReporter &progress,
                             const std::function<void(const RunRecord &)> &onStarted = {});
};

} // namespace Jobs
