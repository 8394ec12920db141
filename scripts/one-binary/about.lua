-- First visits of /about: with CACHE_MISS set, each with a new query string (a new page
-- object, so the render cache misses and renders); without, the same page (every visit after
-- the first is a cache hit).
local miss = os.getenv("CACHE_MISS") ~= nil
local n = 0
request = function()
  n = n + 1
  local path = miss and ("/about?visit=" .. n) or "/about"
  return wrk.format("GET", path, { ["Accept"] = "text/html" })
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("errors %d\n", e.connect + e.read + e.write + e.timeout + e.status))
  io.write(string.format("rps %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_us %d\n", latency:percentile(50)))
  io.write(string.format("p99_us %d\n", latency:percentile(99)))
end
