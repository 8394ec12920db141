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
done = dofile("scripts/one-binary/report.lua")
