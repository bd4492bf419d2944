-- wrk script for bench/load_public_pages.py: cycles through the public page
-- paths in the file named by BENCH_URLS_FILE (one path a line), each thread
-- starting at a different place, and counts the responses by status class.
-- done() prints one machine-readable line "BENCH key=value ..." that the
-- Python script reads; latencies there are in microseconds.

local function read_paths()
  local name = os.getenv("BENCH_URLS_FILE")
  if not name then
    error("BENCH_URLS_FILE ist nicht gesetzt")
  end
  local paths = {}
  for line in io.lines(name) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("keine Adressen in " .. name)
  end
  return paths
end

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  local paths = read_paths()
  requests = {}
  for i, path in ipairs(paths) do
    requests[i] = wrk.format("GET", path)
  end
  -- spread the threads over the list so they do not hit the same page at once
  position = (thread_number * math.floor(#requests / 2)) % #requests
  ok, redirected, failed = 0, 0, 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status >= 300 and status < 400 then
    redirected = redirected + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local ok_total, redirected_total, failed_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    redirected_total = redirected_total + thread:get("redirected")
    failed_total = failed_total + thread:get("failed")
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d ok=%d redirected=%d failed=%d " ..
    "connect=%d read=%d write=%d timeout=%d status=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, ok_total, redirected_total, failed_total,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max
  ))
end
