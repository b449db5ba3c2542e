-- wrk script of bench_api_load.sh (b): reads of one year of daily KPIs mixed with small ingests
-- (one request in ten: a 5-row CSV of a metric of its own, new timestamps each time).
-- Non-2xx replies count as errors in wrk's summary; done() prints them per kind.

local token = os.getenv("TOKEN")
local headers = { ["Authorization"] = "Bearer " .. token }
local ingestHeaders = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "text/csv" }
local daily = "/api/metrics/daily?source_name=bench&metric=requests&start_date=2025-01-01&end_date=2025-12-31"
local counter = 0
local threadId = 0
local threads = {}

function setup(thread)
    thread:set("threadId", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    reads, ingests, failures = 0, 0, 0
end

function request()
    counter = counter + 1
    if counter % 10 == 0 then
        ingests = ingests + 1
        local rows = { "timestamp,metric,value" }
        for i = 0, 4 do
            local second = (counter * 5 + i) % 86400
            local day = 1 + math.floor((counter * 5 + i) / 86400) % 28
            table.insert(rows, string.format("2026-02-%02dT%02d:%02d:%02dZ,ingest_t%d,%d", day,
                math.floor(second / 3600), math.floor(second / 60) % 60, second % 60, threadId, i + 1))
        end
        return wrk.format("POST", "/api/ingest?source_name=benchwrite", ingestHeaders, table.concat(rows, "\n") .. "\n")
    end
    reads = reads + 1
    return wrk.format("GET", daily, headers)
end

function response(status, headers, body)
    if status < 200 or status >= 300 then
        failures = failures + 1
    end
end

function done(summary, latency, requests)
    local reads, ingests, failures = 0, 0, 0
    for _, thread in ipairs(threads) do
        reads = reads + thread:get("reads")
        ingests = ingests + thread:get("ingests")
        failures = failures + thread:get("failures")
    end
    io.write(string.format("requests sent: %d reads, %d ingests; non-2xx replies: %d\n", reads, ingests, failures))
end
