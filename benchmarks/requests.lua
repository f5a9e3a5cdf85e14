-- wrk script of the HTTP benchmarks (benchmarks.support.wrk): plays the requests of a
-- file in order, from the top again when it runs out, and counts the answers by status.
--
--   wrk -t4 -c4 -d3s -s benchmarks/requests.lua http://127.0.0.1:PORT -- REQUESTS_FILE 4
--
-- A line of the file is one request, its fields separated by tabs:
--   METHOD  PATH  BODY (may be empty)  "Name: value" headers…
-- Each of the N threads (the last argument; one connection each) plays its own lane of
-- the file, lines k, k + N, k + 2N …, one request at a time: requests that must not
-- overtake one another (a case's successive versions) are put on one lane.
-- done() prints one line "wrk-result {json}" for the Python side.

local prepared = {}
local position = 1
statuses = {} -- per thread; done() collects them with thread:get
wrapped = 0 -- times the thread's lane ran out and started again

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("lane", #threads)
  -- wrk calls the first thread's request() once before the run, to check what it
  -- returns, and never sends that one: it must not use up a request of the list.
  thread:set("checking", #threads == 1)
end

local function parse(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  local headers = {}
  for index = 4, #fields do
    local name, value = fields[index]:match("^([^:]+): (.*)$")
    headers[name] = value
  end
  local body = fields[3] ~= "" and fields[3] or nil
  return wrk.format(fields[1], fields[2], headers, body)
end

function init(args)
  local lanes, index = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if index % lanes == lane - 1 then
      table.insert(prepared, parse(line))
    end
    index = index + 1
  end
end

function request()
  if checking then
    checking = false
    return prepared[1]
  end
  local next_request = prepared[position]
  position = position + 1
  if position > #prepared then
    position = 1
    wrapped = wrapped + 1
  end
  return next_request
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local merged, rounds = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
    rounds = rounds + thread:get("wrapped")
  end
  local counted = {}
  for status, count in pairs(merged) do
    table.insert(counted, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(
    string.format(
      'wrk-result {"duration_us": %d, "requests": %d, "statuses": {%s}, "wrapped": %d, '
        .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
        .. '"p50_us": %d, "p99_us": %d}\n',
      summary.duration,
      summary.requests,
      table.concat(counted, ", "),
      rounds,
      errors.connect,
      errors.read,
      errors.write,
      errors.timeout,
      latency:percentile(50),
      latency:percentile(99)
    )
  )
end
