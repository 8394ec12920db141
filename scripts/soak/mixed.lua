-- A mix of what browsers send to the demo: first visits (HTML), Inertia visits (JSON) to
-- every page, partial reloads and deferred-prop loads. The asset version comes from $VERSION.
local version = os.getenv("VERSION") or ""
local pages = { "/", "/tasks", "/tasks?page=2", "/tasks?status=doing", "/tasks/1", "/tasks/2", "/tasks/new", "/about" }
local n = 0
-- Per thread: HTML answers, and how many of them arrived rendered on the server.
html = 0
rendered = 0
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  local kind = headers["Content-Type"] or headers["content-type"] or ""
  if kind:find("text/html", 1, true) then
    html = html + 1
    if body:find("data-server-rendered", 1, true) then
      rendered = rendered + 1
    end
  end
end

request = function()
  n = n + 1
  local path = pages[(n % #pages) + 1]
  local kind = n % 5
  if kind == 0 then
    return wrk.format("GET", path, { ["Accept"] = "text/html" })
  end
  local headers = { ["X-Inertia"] = "true", ["X-Inertia-Version"] = version, ["Accept"] = "application/json" }
  if kind == 3 then
    path = "/tasks"
    headers["X-Inertia-Partial-Component"] = "Tasks/Index"
    headers["X-Inertia-Partial-Data"] = "counts"
  elseif kind == 4 then
    path = "/"
    headers["X-Inertia-Partial-Component"] = "Dashboard"
    headers["X-Inertia-Partial-Data"] = "stats"
  end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("bad_status %d\n", e.status))
  io.write(string.format("rps %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_us %d\n", latency:percentile(50)))
  io.write(string.format("p99_us %d\n", latency:percentile(99)))
  io.write(string.format("max_us %d\n", latency.max))
  local pages, server_rendered = 0, 0
  for _, thread in ipairs(threads) do
    pages = pages + thread:get("html")
    server_rendered = server_rendered + thread:get("rendered")
  end
  io.write(string.format("html %d\n", pages))
  io.write(string.format("server_rendered %d\n", server_rendered))
end
