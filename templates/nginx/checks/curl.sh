# shellcheck shell=bash
# The staged copy on loopback ports, every upstream pointed at a stand-in app, all in a
# private network namespace: requests, not scans, against what the proxy really does.
T="$SCRATCH/nginx"
nginx_stage "$T" "$T/" "$(answer domain)"
nginx_loopback "$T" 127.0.0.1:13000
nginx_local "$T" >/dev/null
cat > "$SCRATCH/behaviour.sh" <<SH
$(declare -f answer edge_behaviour upstream_stub wait_port)
set -euo pipefail
ip link set lo up
upstream_stub 13000 &
wait_port 13000
nginx -e "$T/error.log" -p "$T/" -c nginx.conf -g 'daemon off;' &
sleep 2
edge_behaviour "$T/ca.pem" 18443 18080
# What nginx-prometheus-exporter reads (monitoring's metrics contract): stub_status on loopback.
grep -q '^Active connections: [0-9]' <<< "\$(curl -sS --max-time 5 http://127.0.0.1:18081/stub_status)"
SH
if [ "$(id -u)" = 0 ]; then unshare -n bash "$SCRATCH/behaviour.sh"; else unshare -rn bash "$SCRATCH/behaviour.sh"; fi
