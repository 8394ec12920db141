-- First visits (HTML) of one page, named by the PAGE environment variable (default "/").
local page = os.getenv("PAGE") or "/"
request = function()
  return wrk.format("GET", page, { ["Accept"] = "text/html" })
end
done = dofile("scripts/one-binary/report.lua")
