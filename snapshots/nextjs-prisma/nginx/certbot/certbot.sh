#!/bin/sh
# Let's Encrypt for nginx, run by the `certbot` compose service (certbot/certbot image, as root
# with no capabilities, supplementary group 101 = nginx).
#
# - First start: writes a 2-day self-signed placeholder so nginx can start, then replaces it with
#   a real certificate (HTTP-01 webroot served by nginx from the acme-webroot volume).
# - Then `certbot renew` twice a day. certbot never signals nginx: nginx's own watcher
#   (nginx/scripts/run.sh) sees the new files, runs `nginx -t`, and reloads only if that passes.
# - `sh certbot.sh fix-perms` (also the deploy hook) gives group 101 read access to the keys,
#   because nginx does not run as root.
# Set CERTBOT_STAGING=1 in the service environment to test against the staging CA first.
set -eu

DOMAIN="app.example.com"
EMAIL="ops@example.com"
NAMES="app.example.com www.app.example.com"
LIVE="/etc/letsencrypt/live/$DOMAIN"
WEBROOT="/var/www/acme"
NGINX_GID=101

fix_perms() {
    for dir in /etc/letsencrypt/live /etc/letsencrypt/archive "/etc/letsencrypt/live/$DOMAIN" "/etc/letsencrypt/archive/$DOMAIN"; do
        if [ -d "$dir" ]; then
            chgrp "$NGINX_GID" "$dir"
            chmod 0750 "$dir"
        fi
    done
    find /etc/letsencrypt/archive "$LIVE" -type f -name 'privkey*.pem' -exec chgrp "$NGINX_GID" {} + -exec chmod 0640 {} + 2>/dev/null || true
}

placeholder() {
    mkdir -p "$LIVE"
    openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 2 \
        -subj "/CN=$DOMAIN" -keyout "$LIVE/privkey.pem" -out "$LIVE/fullchain.pem" 2>/dev/null
    touch "$LIVE/.placeholder"
    fix_perms
    echo "certbot.sh: self-signed placeholder written for $DOMAIN" >&2
}

issue() {
    # certbot refuses to create a lineage over an existing live/ directory: drop the placeholder
    # (nginx keeps the one it has loaded in memory until it reloads).
    rm -rf "$LIVE" "/etc/letsencrypt/archive/$DOMAIN" "/etc/letsencrypt/renewal/$DOMAIN.conf"
    set -- certonly --webroot -w "$WEBROOT" --cert-name "$DOMAIN" \
        --email "$EMAIL" --agree-tos --no-eff-email --non-interactive \
        --key-type ecdsa --elliptic-curve secp256r1
    for name in $NAMES; do
        set -- "$@" -d "$name"
    done
    if [ "${CERTBOT_STAGING:-0}" = 1 ]; then
        set -- "$@" --staging
    fi
    certbot "$@"
}

if [ "${1:-}" = fix-perms ]; then
    fix_perms
    exit 0
fi

trap 'exit 0' TERM INT
if [ ! -f "$LIVE/fullchain.pem" ]; then
    placeholder
fi
while :; do
    if [ -f "$LIVE/.placeholder" ]; then
        sleep 10 & wait $!   # let nginx start and serve the challenge directory
        if issue; then
            fix_perms
            echo "certbot.sh: certificate issued for $NAMES" >&2
        else
            echo "certbot.sh: issuance failed (DNS, port 80 reachable?): retrying in 10 minutes" >&2
            placeholder
            sleep 600 & wait $!
            continue
        fi
    else
        certbot renew --webroot -w "$WEBROOT" --non-interactive --quiet \
            --deploy-hook "sh /scripts/certbot.sh fix-perms" \
            || echo "certbot.sh: renewal failed; certbot retries in 12 hours (expiry alerts cover this)" >&2
    fi
    sleep 43200 & wait $!
done
