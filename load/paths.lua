-- wrk script: cycle through the public API and pages, as a TLS proxy would forward them.
local paths = {
  "/api/v1/parties/",
  "/api/v1/parties/CN/",
  "/api/v1/relationships/",
  "/api/v1/relationships/?party=CN",
  "/api/v1/relationships/CN-KH/",
  "/api/v1/levels/",
  "/api/v1/levels/?party=CN&format=csv",
  "/api/v1/meetings/",
  "/api/v1/sources/",
  "/api/v1/schemes/",
  "/api/v1/changes/",
  "/",
  "/parties/",
  "/parties/CN/",
  "/relationships/CN-KH/",
  "/tiers/",
  "/meetings/",
  "/search/?q=vietnam",
}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["X-Forwarded-Proto"] = "https" })
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "LOAD requests=%d errors=%d (connect %d, read %d, write %d, timeout %d, non-2xx/3xx %d) p50=%.1fms p99=%.1fms max=%.1fms rps=%.1f\n",
    summary.requests, errors.connect + errors.read + errors.write + errors.timeout + errors.status,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
