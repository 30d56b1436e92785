# shellcheck shell=bash
# `caddy validate` adapts the Caddyfile and provisions every module offline (ACME issuers are
# set up, not contacted). With `certificates: files`, stand-in files replace /certs/*.
T="$SCRATCH/caddy"; mkdir -p "$T/certs"; cp -r caddy/. "$T/"
if grep -q '/certs/' "$T/Caddyfile"; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/certs/privkey.pem" \
    -out "$T/certs/fullchain.pem" -days 2 -subj /CN=localhost 2>/dev/null
  sed -i "s#/certs/#$T/certs/#g" "$T/Caddyfile"
fi
cd "$T" || exit 1
XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" caddy validate --config Caddyfile --adapter caddyfile 2>&1 | tail -3
# `caddy fmt --diff` exits 0 even when the file differs (2.6), so compare explicitly.
caddy fmt Caddyfile | diff -u Caddyfile -
