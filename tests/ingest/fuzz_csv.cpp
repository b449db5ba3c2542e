// libFuzzer target: arbitrary bytes through the CSV reader.

#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzReader::run(data, size, Ingest::Format::Csv, QStringLiteral("fuzz.csv"));
    // Also through format detection (gzip magic, JSON sniffing).
    FuzzReader::run(data, size, Ingest::Format::Auto, QStringLiteral("fuzz"));
    return 0;
}
