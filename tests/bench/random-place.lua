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

request = function()
  local lat = math.random() * 179.8 - 89.9
  local lon = math.random() * 359.8 - 179.9
  return wrk.format("GET", wrk.path .. string.format("&lat=%.4f&lon=%.4f", lat, lon))
end
