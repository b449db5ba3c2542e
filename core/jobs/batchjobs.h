#pragma once
// Work on the import history that people start by hand: deleting one import (its events go, the
// daily KPIs of its days are recomputed). The desktop's Import history tab starts this definition;
// the command line's `batches delete` and the API can start the same.

#include "jobs/jobdefinition.h"

namespace Jobs {

// "delete-batch:<id>"; counts: Ingest::BatchRemoval::toJson() (events removed, days recomputed, ...).
QString deleteBatchJobName(qint64 batchId);
JobDefinition deleteBatchJob(qint64 batchId);

} // namespace Jobs
