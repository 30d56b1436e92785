# shellcheck shell=bash
T="$SCRATCH/traefik"
traefik_stage "$T" "$(answer domain)" 127.0.0.1:13000
edge_live "$T/ca.pem" 3 "traefik --configFile='$T/traefik.yml' > '$T/traefik.log' 2>&1" <<SH
# The metrics TraefikServiceDown and the 5xx rule read: server_up exists only with the
# services' health checks, from the first one (10 s in), and is 1 while the health path answers.
for _ in \$(seq 30); do
  curl -sS --max-time 5 http://127.0.0.1:18082/metrics > "$T/metrics"
  grep -q '^traefik_service_server_up{.*url="http://127.0.0.1:13000".*} 1$' "$T/metrics" && break
  sleep 0.5
done
grep -q '^traefik_service_server_up{.*url="http://127.0.0.1:13000".*} 1$' "$T/metrics" ||
  { echo "no healthy traefik_service_server_up for the app after 15 s"; exit 1; }
grep -q '^traefik_service_requests_total{.*code="404"' "$T/metrics"
SH
