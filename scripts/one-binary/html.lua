-- First visits (HTML, so each is server-rendered when SSR is on) of the demo's pages in turn.
local pages = { "/", "/tasks", "/about", "/tasks/1" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", pages[(n % #pages) + 1], { ["Accept"] = "text/html" })
end
done = dofile("scripts/one-binary/report.lua")
