-- wrk script: the page's GET /sky for "now" (site/js/api.js), each request from a new random
-- place rounded as the page rounds it (0.005 degree), its start on the two-minute grid.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() + 7919 * (id or 0))
end

local function grid(value)
  return math.floor(value / 0.005 + 0.5) * 0.005
end

request = function()
  local lat = grid(math.random() * 179.8 - 89.9)
  local lon = grid(math.random() * 359.8 - 179.9)
  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(os.time() / 120) * 120)
  return wrk.format("GET", wrk.path .. string.format("&lat=%.3f&lon=%.3f&start=%s", lat, lon, start))
end
