-- wrk script: POSTs batches of 1,000 request records to /api/v1/requests/ingest.
-- Each record gets the current time less up to 2 s, as a live application's buffered batches would.
-- Environment: TOKEN (an ingest token). Prints accepted batches and records per second at the end.
local token = os.getenv("TOKEN") or "bench-ingest"
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
local template

local function lognormal(mu, sigma)
  local z = math.sqrt(-2 * math.log(1 - math.random())) * math.cos(2 * math.pi * math.random())
  return math.exp(mu + sigma * z)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  local services = {
    { "shop", { "/users/{id}", "/users/{id}/orders", "/products", "/products/{id}", "/cart", "/checkout", "/search" } },
    { "auth", { "/login", "/logout", "/token/refresh" } },
    { "billing", { "/invoices", "/invoices/{id}", "/payments" } },
  }
  local methods = { "GET", "GET", "GET", "POST" }
  local records = {}
  for i = 1, 1000 do
    local s = services[math.random(#services)]
    local endpoint = s[2][math.random(#s[2])]
    local r = math.random()
    local status = r < 0.01 and 500 or (r < 0.04 and 404 or 200)
    local user = ""
    if math.random() < 0.3 then user = string.format(',"user":"user%d"', math.random(50)) end
    records[i] = string.format(
      '{"timestamp":__TS__,"service":"%s","method":"%s","endpoint":"%s","path":"%s","status":%d,'
        .. '"duration_ms":%.3f,"request_id":"%08x%08x","bytes":%d%s}',
      s[1], methods[math.random(#methods)], endpoint, (endpoint:gsub("{id}", tostring(math.random(9999)))),
      status, lognormal(3.5, 1.0), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff),
      math.random(100, 50000), user)
  end
  template = '{"records":[' .. table.concat(records, ",") .. "]}"
end

function request()
  local now = os.time() * 1000
  local body = template:gsub("__TS__", function() return tostring(now - math.random(0, 2000)) end)
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local ok = summary.requests - summary.errors.status
  io.write(string.format("WRK_RESULT batches_ok=%d non_2xx=%d socket_errors=%d seconds=%.2f records_per_s=%.0f p99_ms=%.1f\n",
    ok, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    seconds, ok * 1000 / seconds, latency:percentile(99) / 1000))
end
