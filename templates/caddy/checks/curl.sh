# shellcheck shell=bash
# Stock Caddy has no rate limiter (the Caddyfile says so): no 429 is asked for here.
T="$SCRATCH/caddy"
caddy_stage "$T" "$(answer domain)" 127.0.0.1:13000
EDGE_NO_RATE_LIMIT=1 edge_live "$T/ca.pem" 3 \
  "XDG_DATA_HOME='$T/data' XDG_CONFIG_HOME='$T/config' caddy run --config '$T/Caddyfile' --adapter caddyfile > '$T/caddy.log' 2>&1" <<SH
# With monitoring, the metrics CaddyUpstreamDown and the 5xx rule read (the contract).
if grep -q '^http://:9180' "$T/Caddyfile"; then
  curl -sS --max-time 5 http://127.0.0.1:9180/metrics > "$T/metrics"
  grep -q '^caddy_reverse_proxy_upstreams_healthy{upstream="127.0.0.1:13000"} 1$' "$T/metrics" ||
    { echo "no healthy caddy_reverse_proxy_upstreams_healthy for the app"; exit 1; }
  grep -q '^caddy_http_request_duration_seconds_count{.*code="404"' "$T/metrics" ||
    { echo "no caddy_http_request_duration_seconds_count with a status code"; exit 1; }
fi
SH
