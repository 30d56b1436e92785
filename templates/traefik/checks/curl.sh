# shellcheck shell=bash
T="$SCRATCH/traefik"
traefik_stage "$T" "$(answer domain)" 127.0.0.1:13000
cat > "$SCRATCH/behaviour.sh" <<SH
$(declare -f answer edge_behaviour upstream_stub wait_port)
set -euo pipefail
ip link set lo up
upstream_stub 13000 &
wait_port 13000
traefik --configFile="$T/traefik.yml" > "$T/traefik.log" 2>&1 &
sleep 3
edge_behaviour "$T/ca.pem" 18443 18080
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
if [ "$(id -u)" = 0 ]; then unshare -n bash "$SCRATCH/behaviour.sh"; else unshare -rn bash "$SCRATCH/behaviour.sh"; fi
