-- wrk script: every request asks for a different colour so no cache can
-- answer in place of the renderer.  Usage:
--   wrk -t2 -c8 -d10s -s bench/vary.lua http://127.0.0.1:PORT -- '/heart.png?size=400' BASE
-- BASE (default 0) is the first colour index of this run: measure.mjs hands
-- every wrk run its own block of 131072 indices, thread n uses BASE + n*65536 +
-- 1, 2, ...; colour = index * 1048573 mod 2^24 (odd multiplier: one to one),
-- so no colour repeats within a benchmark run, across wrk runs or the curl
-- requests made by measure.mjs.
-- It counts the X-Cache answers, and at the end prints one line
-- "BENCH-JSON {...}" with the numbers.
--
-- Scenes (a tree in the URL as base64url JSON) cannot take a `color`
-- parameter: /render.png refuses unknown ones. With three more arguments,
--   wrk ... -- PREFIX BASE HEAD TAIL SUFFIX
-- the request is PREFIX .. base64url(HEAD .. RRGGBB .. TAIL) .. SUFFIX: the
-- tree with one colour's six hex digits replaced (measure.mjs cuts the JSON so
-- that PREFIX ends and SUFFIX starts on a 3-byte boundary of it, where
-- base64 pieces join), the same colour sequence as above. When the colour
-- occurs more than once in the window (the tree a template expands to), TAIL
-- holds a newline at each further occurrence (compact JSON has none of its
-- own), and the colour replaces each of them too.
--
-- Without the splice, a third argument names the parameter to vary
-- (default `color`; the template row varies `accent`):
--   wrk ... -- '/og/blog.png?title=Hi' BASE accent
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_no", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

-- base64url of s, without padding.
local function b64url(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = (b == nil) and 2 or ((c == nil) and 3 or 4)
    for k = 1, chars do
      local v = math.floor(n / 2 ^ (6 * (4 - k))) % 64
      out[#out + 1] = B64:sub(v + 1, v + 1)
    end
  end
  return table.concat(out)
end

function init(args)
  path = args[1] or "/"
  base = tonumber(args[2] or "0")
  sep = path:find("?", 1, true) and "&" or "?"
  splice = args[5] ~= nil
  if splice then
    head, tail, suffix = args[3], args[4], args[5]
  else
    param = args[3] or "color"
  end
  counter = 0
  hits = 0
  misses = 0
end

function request()
  counter = counter + 1
  local index = base + thread_no * 65536 + counter
  local c = (index * 1048573) % 16777216
  if splice then
    local hex = string.format("%06x", c)
    return wrk.format("GET", path .. b64url(head .. hex .. (tail:gsub("\n", hex))) .. suffix)
  end
  return wrk.format("GET", path .. sep .. param .. "=%23" .. string.format("%06x", c))
end

function response(status, headers, body)
  local x = headers["x-cache"] or headers["X-Cache"]
  if x == "HIT" then hits = hits + 1 elseif x == "MISS" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local h, m = 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits")
    m = m + t:get("misses")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"cache":{"HIT":%d,"MISS":%d},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, h, m,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
