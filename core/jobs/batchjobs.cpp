#include "batchjobs.h"

#include "ingest/batchservice.h"

namespace Jobs {

QString deleteBatchJobName(qint64 batchId)
{
    return QStringLiteral("delete-batch:%1").arg(batchId);
}

JobDefinition deleteBatchJob(qint64 batchId)
{
    JobDefinition definition;
    definition.name = deleteBatchJobName(batchId);
    definition.description = QStringLiteral("Delete import %1").arg(batchId);
    definition.run = [batchId](JobContext &context) -> Common::Result<JobOutcome> {
        auto removal = Ingest::BatchService(context.database).remove(batchId);
        if (!removal)
            return removal.error();
        return JobOutcome{QStringLiteral("%1 events removed").arg(removal->eventsRemoved), removal->toJson()};
    };
    return definition;
}

} // namespace Jobs
