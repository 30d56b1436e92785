# shellcheck shell=bash
# The same loopback copy as the check above, serving a test-CA leaf for the real host name,
# started in a private network namespace and scanned by sslyze against scaffold.yaml's profile.
T="$SCRATCH/traefik"
DOMAIN=$(answer domain)
traefik_stage "$T" "$DOMAIN"
live_tls_scan "$T/ca.pem" "$DOMAIN" TERM traefik --configFile="$T/traefik.yml" ">" "$T/traefik.log" "2>&1"
