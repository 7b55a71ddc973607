-- wrk script: every request asks for a different place, so no cache of answers can stand in for computing them.
-- From /work/shared/bench/random-place.lua, with one change: each wrk thread seeds its own
-- generator (the original seeds every thread with os.time(), so with -t2 both threads send
-- the same sequence of places and every place is asked for twice).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() + 7919 * (id or 0))
end

-- GET /sky is asked as the page asks it (site/js/api.js): the place rounded to 0.005
-- degree, the start on the span's two-minute grid.
local function grid(value)
  return math.floor(value / 0.005 + 0.5) * 0.005
end

request = function()
  local lat = math.random() * 179.8 - 89.9
  local lon = math.random() * 359.8 - 179.9
  if wrk.path:find("^/sky") then
    local start = os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(os.time() / 120) * 120)
    local query = string.format("&lat=%.3f&lon=%.3f&start=%s", grid(lat), grid(lon), start)
    return wrk.format("GET", wrk.path .. query)
  end
  return wrk.format("GET", wrk.path .. string.format("&lat=%.4f&lon=%.4f", lat, lon))
end
