# shellcheck shell=bash
# The staged copy on loopback ports, every upstream pointed at a stand-in app, all in a
# private network namespace: requests, not scans, against what the proxy really does.
T="$SCRATCH/nginx"
nginx_stage "$T" "$T/" "$(answer domain)"
nginx_loopback "$T" 127.0.0.1:13000
nginx_local "$T" >/dev/null
edge_live "$T/ca.pem" 2 "nginx -e '$T/error.log' -p '$T/' -c nginx.conf -g 'daemon off;'" <<SH
# What nginx-prometheus-exporter reads (monitoring's metrics contract): stub_status on loopback.
grep -q '^Active connections: [0-9]' <<< "\$(curl -sS --max-time 5 http://127.0.0.1:18081/stub_status)"
SH
