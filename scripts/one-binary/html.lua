-- First visits (HTML, so each is server-rendered when SSR is on) of the demo's pages in turn.
local pages = { "/", "/tasks", "/about", "/tasks/1" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", pages[(n % #pages) + 1], { ["Accept"] = "text/html" })
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("errors %d\n", e.connect + e.read + e.write + e.timeout + e.status))
  io.write(string.format("rps %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_us %d\n", latency:percentile(50)))
  io.write(string.format("p99_us %d\n", latency:percentile(99)))
end
