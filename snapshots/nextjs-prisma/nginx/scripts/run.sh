#!/bin/sh
# Entrypoint of the nginx container: nginx in the foreground, plus a watcher that reloads nginx
# when a certificate file changes (a certbot renewal, or new files under certs/), but only after
# `nginx -t` accepts the configuration with the new files. When the test fails, the running nginx
# keeps serving the certificates it has loaded and the error is logged once per change.
set -eu

CERT_DIRS="${CERT_DIRS:-/etc/letsencrypt/live /etc/nginx/certs}"
INTERVAL="${CERT_WATCH_INTERVAL:-60}"

certs_fingerprint() {
    for dir in $CERT_DIRS; do
        if [ -d "$dir" ]; then
            find -L "$dir" -type f -name '*.pem' 2>/dev/null || true
        fi
    done | sort | while IFS= read -r file; do cksum "$file" 2>/dev/null || true; done | cksum
}

watch_certs() {
    # $$ is this script's pid, which `exec` below hands to nginx: stop watching when nginx is gone.
    nginx_pid=$$
    last=$(certs_fingerprint)
    while sleep "$INTERVAL" && kill -0 "$nginx_pid" 2>/dev/null; do
        now=$(certs_fingerprint)
        if [ "$now" = "$last" ]; then
            continue
        fi
        last=$now
        if nginx -t -q; then
            nginx -s reload && echo "run.sh: certificates changed, nginx -t passed, nginx reloaded" >&2
        else
            echo "run.sh: certificates changed but nginx -t failed: NOT reloaded (old certificates stay in use)" >&2
        fi
    done
}

watch_certs &
exec nginx -g 'daemon off;'
