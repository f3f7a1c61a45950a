-- wrk script: GET /api/search for each of the 1,000 latency queries of
-- ../shared/data/dice-queries.tsv in turn (kind<TAB>query), each thread
-- starting at a different one. A `person` query is asked as the page asks
-- for a person: every article (q empty) with the person filter.
--
--   wrk -s scripts/load.lua http://127.0.0.1:7700 -- QUERIES_TSV [EXTRA]
--
-- EXTRA is appended to every request's query string, e.g. `facets=none`
-- (top 10 with snippets) or `facets=persons,timeline` (what the page asks).

local queries = {}
local extra = ""
local next_query = 1
local counter = 0

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  local file = assert(io.open(args[1] or "../shared/data/dice-queries.tsv", "r"))
  extra = args[2] or ""
  local first = true
  for line in file:lines() do
    local kind, text = line:match("^([^\t]+)\t(.+)$")
    if first then
      first = false -- the header line
    elseif kind then
      local query
      if kind == "person" then
        query = "q=&person=" .. encode(text)
      else
        query = "q=" .. encode(text)
      end
      if extra ~= "" then
        query = query .. "&" .. extra
      end
      queries[#queries + 1] = "/api/search?" .. query
    end
  end
  file:close()
  assert(#queries > 0, "no queries read")
  next_query = ((thread_number or 1) * 97) % #queries + 1
end

function request()
  local path = queries[next_query]
  next_query = next_query % #queries + 1
  return wrk.format("GET", path)
end

-- Non-2xx answers are counted by wrk itself ("Non-2xx or 3xx responses").
function done(summary, latency, requests)
  io.write(string.format(
    "summary: %d requests, %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
