# shellcheck shell=bash
# A copy whose sites use a test-CA leaf (instead of ACME / certs/) on 127.0.0.1:18443, started
# in a private network namespace (nothing leaves the machine), scanned against scaffold.yaml's profile.
T="$SCRATCH/caddy"
DOMAIN=$(answer domain)
caddy_stage "$T" "$DOMAIN"
live_tls_scan "$T/ca.pem" "$DOMAIN" TERM XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" \
  caddy run --config "$T/Caddyfile" --adapter caddyfile ">" "$T/caddy.log" "2>&1"
