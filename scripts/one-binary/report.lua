-- What html.lua and about.lua print when wrk is done: `name value` lines for the bench script.
-- wrk runs from the repository's root (scripts/one-binary-bench.sh changes to it).
return function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("errors %d\n", e.connect + e.read + e.write + e.timeout + e.status))
  io.write(string.format("rps %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_us %d\n", latency:percentile(50)))
  io.write(string.format("p99_us %d\n", latency:percentile(99)))
end
