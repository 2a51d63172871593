-- wrk script: HTTP/1.1 keep-alive requests whose X-Scope-OrgID header walks over every
-- configured tenant (tenant-0001 .. tenant-N, same names as gen_configs.py).
--
-- wrk ... -s tenants.lua URL -- METHOD TENANTS [BODYFILE]
--   METHOD   GET or POST
--   TENANTS  number of tenants to rotate over
--   BODYFILE request body (POST only), sent with Content-Length
--
-- Tenants are visited with a fixed prime stride so that consecutive requests hit
-- unrelated map entries. The same script drives every target, so its cost is equal for all.
--
-- Its cost must also not depend on the tenant count, or the tenant-count run (10 vs 100,000
-- tenants on one shared core) measures wrk instead of the proxy. So each request is formatted
-- anew and is unique: a prebuilt head per tenant is live data LuaJIT's collector walks on
-- every cycle (with 100,000 tenants wrk alone ran at half the rate against the backend), and a
-- request string repeated within a few requests is found in LuaJIT's string table instead of
-- being built (with 10 tenants wrk ran about 20 % faster than with 1,000). A POST body's last 8
-- bytes are the request's sequence number in hex; the body stays BODYFILE's length.
-- At the end one machine-readable line is printed for run.sh:
--   SLUICEBENCH requests=.. duration_us=.. p50_us=.. p99_us=.. p999_us=.. non2xx=.. errors=..

local method, ntenants, body
local fmt
local seq = 0
local idx, stride = 0, 7919

function init(args)
   method = args[1] or "GET"
   ntenants = tonumber(args[2] or "1000")
   body = ""
   if args[3] then
      local f = assert(io.open(args[3], "rb"))
      body = f:read("*a")
      f:close()
   end
   local width = math.max(4, #tostring(ntenants))
   local host = wrk.headers["Host"] or (wrk.host .. ":" .. tostring(wrk.port))
   local extra = ""
   if method == "POST" then
      extra = "Content-Type: application/x-protobuf\r\nContent-Length: " .. #body .. "\r\n"
   end
   fmt = method .. " " .. wrk.path .. " HTTP/1.1\r\nHost: " .. host ..
      "\r\nX-Scope-OrgID: tenant-%0" .. width .. "d\r\n" .. extra .. "\r\n"
   if method == "POST" then
      assert(#body >= 8, "BODYFILE must hold at least 8 bytes")
      body = body:sub(1, #body - 8)
      fmt = fmt .. "%s%08x"
   end
   if ntenants % stride == 0 then stride = 1 end
   idx = math.random(0, ntenants - 1)
end

function request()
   idx = (idx + stride) % ntenants
   if method == "POST" then
      seq = seq + 1
      return string.format(fmt, idx + 1, body, seq % 0x100000000)
   end
   return string.format(fmt, idx + 1)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "SLUICEBENCH requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d non2xx=%d errors=%d\n",
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
      e.status, e.connect + e.read + e.write + e.timeout))
end
