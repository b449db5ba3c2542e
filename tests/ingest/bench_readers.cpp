// Reader throughput: generates 1M-row CSV, NDJSON and JSON-array files of the six canonical columns
// (event_id, timestamp, user_id, metric, value, source) in a temporary folder (plus a CSV with wall-clock
// times read in Europe/Berlin) and reads each through
// EventReader, printing rows/s and MB/s. Usage: bench_readers [rows] [repeats] [csv,ndjson,json] [dir]
// (with a dir, files are kept there and reused when they exist, so a profiler sees only the reading).

#include "ingest/eventreader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

namespace {

// The machine may be shared: CPU time of this thread says what one core does, wall time what we got.
double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

bool writeFiles(const QString &csvPath, const QString &ndjsonPath, const QString &jsonPath, const QString &localPath,
                qint64 rows)
{
    QFile csv(csvPath), nd(ndjsonPath), js(jsonPath), lc(localPath);
    if (!csv.open(QIODevice::WriteOnly) || !nd.open(QIODevice::WriteOnly) || !js.open(QIODevice::WriteOnly)
        || !lc.open(QIODevice::WriteOnly))
        return false;
    static const char *metrics[] = {"page_views", "orders", "signups", "revenue"};
    static const char *sources[] = {"web", "ios", "android"};
    QByteArray c = "event_id,timestamp,user_id,metric,value,source\n";
    QByteArray n, j = "[\n";
    QByteArray l = c;
    QDateTime base = QDateTime::fromMSecsSinceEpoch(1704067200000, Qt::UTC);
    for (qint64 i = 0; i < rows; ++i) {
        const QDateTime t = base.addMSecs(i * 1337);
        const QByteArray iso = t.toString(Qt::ISODateWithMs).toLatin1();
        const QByteArray id = "ev-" + QByteArray::number(i);
        const QByteArray user = "user" + QByteArray::number((i * 7919) % 50000);
        const char *metric = metrics[i % 4];
        const char *source = sources[i % 3];
        const QByteArray value = QByteArray::number(double((i * 37) % 10000) / 100.0, 'f', 2);
        c += id + ',' + iso + ',' + user + ',' + metric + ',' + value + ',' + source + '\n';
        // Wall-clock times without offset (read in Europe/Berlin: DST lookups through the cache).
        QByteArray wall = iso;
        wall.chop(1);
        wall[10] = ' ';
        l += id + ',' + wall + ',' + user + ',' + metric + ',' + value + ',' + source + '\n';
        const QByteArray obj = "{\"event_id\":\"" + id + "\",\"timestamp\":\"" + iso + "\",\"user_id\":\"" + user
            + "\",\"metric\":\"" + metric + "\",\"value\":" + value + ",\"source\":\"" + source + "\"}";
        n += obj + '\n';
        j += "  " + obj + (i + 1 < rows ? ",\n" : "\n");
        if (c.size() > (8 << 20)) {
            csv.write(c); nd.write(n); js.write(j); lc.write(l);
            c.clear(); n.clear(); j.clear(); l.clear();
        }
    }
    j += "]\n";
    csv.write(c); nd.write(n); js.write(j); lc.write(l);
    return true;
}

void bench(const char *label, const QString &path, int repeats, const Ingest::ReadOptions &options = {})
{
    double best = 1e100;
    double bestCpu = 1e100;
    qint64 rows = 0, valid = 0;
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = threadCpuSeconds();
        auto reader = Ingest::EventReader::open(path, options);
        if (!reader) {
            std::printf("%s: %s\n", label, qPrintable(reader.error().message));
            return;
        }
        Ingest::ParsedRow row;
        rows = valid = 0;
        double checksum = 0;
        for (;;) {
            auto got = (*reader)->next(row);
            if (!got) {
                std::printf("%s: %s\n", label, qPrintable(got.error().message));
                return;
            }
            if (!*got)
                break;
            ++rows;
            valid += row.valid;
            checksum += row.value + double(row.tsMs & 1) + row.eventId.size();
        }
        const double s = timer.nsecsElapsed() / 1e9;
        best = std::min(best, s);
        bestCpu = std::min(bestCpu, threadCpuSeconds() - cpu0);
        if (checksum < 0)
            std::printf("impossible\n");
    }
    const double mb = QFileInfo(path).size() / 1e6;
    std::printf("%-7s %8lld rows (%lld valid) %6.1f MB | wall %6.3f s %5.2f M rows/s %6.1f MB/s | cpu %6.3f s %5.2f M rows/s %6.1f MB/s\n",
                label, static_cast<long long>(rows), static_cast<long long>(valid), mb, best, rows / best / 1e6,
                mb / best, bestCpu, rows / bestCpu / 1e6, mb / bestCpu);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1'000'000;
    const int repeats = argc > 2 ? QByteArray(argv[2]).toInt() : 3;
    QTemporaryDir temporary;
    const QString dir = argc > 4 ? QString::fromLocal8Bit(argv[4]) : temporary.path();
    const QString suffix = QStringLiteral("-%1").arg(rows);
    const QString csv = dir + QStringLiteral("/events") + suffix + QStringLiteral(".csv");
    const QString ndjson = dir + QStringLiteral("/events") + suffix + QStringLiteral(".ndjson");
    const QString json = dir + QStringLiteral("/events") + suffix + QStringLiteral(".json");
    const QString local = dir + QStringLiteral("/events-local") + suffix + QStringLiteral(".csv");
    if (!QFileInfo::exists(csv) || !QFileInfo::exists(ndjson) || !QFileInfo::exists(json) || !QFileInfo::exists(local)) {
        QElapsedTimer gen;
        gen.start();
        if (!writeFiles(csv, ndjson, json, local, rows)) {
            std::printf("cannot write to %s\n", qPrintable(dir));
            return 1;
        }
        std::printf("generated %lld rows per format in %.1f s (%s)\n", static_cast<long long>(rows),
                    gen.elapsed() / 1e3, qPrintable(dir));
    }
    const QByteArray which = argc > 3 ? QByteArray(argv[3]) : QByteArray("csv,ndjson,json,csv-local");
    for (const QByteArray &f : which.split(',')) {
        if (f == "csv")
            bench("csv", csv, repeats);
        else if (f == "ndjson")
            bench("ndjson", ndjson, repeats);
        else if (f == "json")
            bench("json", json, repeats);
        else if (f == "csv-local") {
            Ingest::ReadOptions berlin;
            berlin.timezone = QTimeZone("Europe/Berlin");
            bench("csv-tz", local, repeats, berlin);
        }
    }
    return 0;
}
