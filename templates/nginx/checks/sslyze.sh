# shellcheck shell=bash
# The staged copy with a leaf for the real host name, loopback high ports and no IPv6
# listeners, started in a private network namespace, scanned against scaffold.yaml's profile.
T="$SCRATCH/nginx"
DOMAIN=$(answer domain)
nginx_stage "$T" "$T/" "$DOMAIN"
nginx_loopback "$T"
nginx_local "$T" >/dev/null
live_tls_scan "$T/ca.pem" "$DOMAIN" QUIT nginx -e "$T/error.log" -p "$T/" -c nginx.conf -g "'daemon off;'"
