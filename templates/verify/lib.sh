# shellcheck shell=bash
# Shell functions for the `verify:` checks of every component: scaffold sources this file before
# each check's script (`templates/<component>/checks/<name>.sh`), so a stand-in certificate or a
# live scan is written once. The Python helpers beside it are `$LIB/<name>.py`.

# answer KEY: one answer from scaffold.yaml: `answer domain`, `answer tls.profile` (top level or one
# level down; the file is scaffold's own normalised output).
answer() {
  case "$1" in
    *.*) sed -n "/^${1%%.*}:/,/^[^ ]/s/^  ${1#*.}: //p" scaffold.yaml | head -1 | tr -d "'\"" ;;
    *) sed -n "s/^$1: //p" scaffold.yaml | head -1 | tr -d "'\"" ;;
  esac
}

# ver X.Y.Z: the version as one comparable number.
ver() { printf '%s\n' "$1" | awk -F. '{printf "%d%03d%03d\n", $1, $2, $3}'; }

# fails CMD...: succeeds only when CMD fails; a bare `! CMD` never stops a `set -e` script.
fails() {
  if "$@"; then
    echo "expected to fail: $*" >&2
    return 1
  fi
}

# free_port N: N distinct TCP ports on 127.0.0.1 that nothing listens on right now
# (checks of several projects run side by side, so fixed ports would collide).
free_port() { python3 "$LIB/free_port.py" "$1"; }

# pg_throwaway DIR PORT [LISTEN] [OPTIONS]: a throwaway PostgreSQL cluster in DIR/data, superuser
# `postgres`, trusted on the socket in DIR/sock and scram-sha-256 over TCP on LISTEN (none when
# empty), started on PORT with the server OPTIONS (`-c name=value ...`). Sets `as`, the prefix that runs a command as the cluster's owner (as root: Debian's
# `postgres` user, which then owns DIR). Stop it with pg_stop from the check's EXIT trap.
pg_throwaway() {
  PGT=$1 PGP=$2
  local port=$2 listen=${3:-}
  mkdir -p "$PGT/sock"
  as=""
  if [ "$(id -u)" = 0 ]; then
    as="runuser -u postgres --"
    chown -R postgres "$PGT"
    chmod 0755 "$SCRATCH"
  fi
  $as initdb -U postgres -D "$PGT/data" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  $as pg_ctl -D "$PGT/data" -o "-c listen_addresses='$listen' -k $PGT/sock -p $port ${4:-}" -l "$PGT/log" -w start >/dev/null ||
    { cat "$PGT/log" >&2; return 1; }
}

pg_stop() { [ -n "${PGT:-}" ] || return 0; ${as:-} pg_ctl -D "$PGT/data" -m immediate stop >/dev/null 2>&1 || true; }

# env_of NAME: the value docker-compose.prod.yml gives NAME (its first `NAME: value` line).
env_of() { sed -n "s/^ *$1: //p" docker-compose.prod.yml | head -1; }

# pg_settings [NAME=VALUE...]: the `-c name=value` settings of the compose `postgres` command, each
# quoted for pg_ctl -o, with NAME's value replaced (a path of the container, say) or, when VALUE is
# empty, NAME left out.
pg_settings() {
  python3 "$LIB/pg_settings.py" "$@"
}

# pg_roles DB: creates DB on the throwaway cluster and runs postgres/initdb/10-roles.sh on it, as
# the postgres container does, with the roles docker-compose.prod.yml names; each role's password
# is in $PGT/<role>.pw. PG_ROLES_ENV keeps the script's environment, to run it again.
pg_roles() {
  local r u
  PG_ROLES_ENV=(POSTGRES_USER=postgres POSTGRES_DB="$1" PGHOST="$PGT/sock" PGPORT="$PGP")
  for r in MIGRATOR APP BACKUP EXPORTER; do
    u=$(env_of "${r}_DB_USER")
    [ -n "$u" ] || continue
    head -c 32 /dev/urandom | base64 | tr -d '/+=' >"$PGT/$u.pw"
    chmod 644 "$PGT/$u.pw"
    PG_ROLES_ENV+=("${r}_DB_USER=$u" "${r}_DB_PASSWORD_FILE=$PGT/$u.pw")
  done
  $as psql -h "$PGT/sock" -p "$PGP" -U postgres -qc "CREATE DATABASE \"$1\""
  $as env "${PG_ROLES_ENV[@]}" sh postgres/initdb/10-roles.sh >/dev/null
}

# drill_data DB: what the restore drills restore, created by the migrator as migrations would:
# two related tables with awkward text, and the migration tool's own table.
drill_data() {
  local sql=(-c "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, created timestamptz NOT NULL DEFAULT now())"
    -c "CREATE TABLE orders (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts, total numeric(12, 2), note text)"
    -c "INSERT INTO accounts (id, email) SELECT g, 'user' || g || '@example.test' FROM generate_series(1, 500) g"
    -c "INSERT INTO orders (account_id, total, note) SELECT 1 + g % 500, g * 1.25, CASE WHEN g % 7 = 0 THEN E'two\nlines, \"quoted\" ''and'' ;' END FROM generate_series(1, 5000) g")
  case "$(answer stack.orm)" in
    prisma) sql+=(-c "CREATE TABLE _prisma_migrations (id text PRIMARY KEY, migration_name text NOT NULL, finished_at timestamptz, rolled_back_at timestamptz)"
      -c "INSERT INTO _prisma_migrations VALUES ('1', '20260101000000_init', now(), NULL)") ;;
    typeorm) sql+=(-c "CREATE TABLE migrations (id serial PRIMARY KEY, timestamp bigint NOT NULL, name text NOT NULL)"
      -c "INSERT INTO migrations (timestamp, name) VALUES (1767225600000, 'Init1767225600000')") ;;
    golang-migrate) sql+=(-c "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
      -c "INSERT INTO schema_migrations VALUES (20260101000000, false)") ;;
  esac
  $as psql -h "$PGT/sock" -p "$PGP" -U "$(env_of MIGRATOR_DB_USER)" -d "$1" -v ON_ERROR_STOP=1 -X -q "${sql[@]}"
}

# drill_fingerprint DB: per drill table, the row count and an md5 of every row in key order.
drill_fingerprint() {
  $as psql -h "$PGT/sock" -p "$PGP" -U postgres -d "$1" -v ON_ERROR_STOP=1 -X -qAt \
    -c "SELECT 'accounts', count(*), md5(string_agg(a::text, '|' ORDER BY id)) FROM accounts a" \
    -c "SELECT 'orders', count(*), md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o"
}

# moto_start DIR: a real S3 API (moto) on a free port of 127.0.0.1, logging to DIR/moto.log; sets
# MOTO_PORT and MOTO_PID (kill it from the check's EXIT trap). Buckets: curl -X PUT .../<bucket>.
moto_start() {
  MOTO_PORT=$(free_port 1)
  moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$1/moto.log" 2>&1 &
  # shellcheck disable=SC2034 # the caller's EXIT trap kills it
  MOTO_PID=$!
  for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_PORT/" 2>/dev/null && return 0; sleep 0.2; done
  echo "moto did not start: $(tail -3 "$1/moto.log")" >&2
  return 1
}

# s3_tls_start DIR: moto_start DIR behind an nginx that terminates TLS (for clients that speak S3
# over HTTPS only, such as pgBackRest) with a certificate for 127.0.0.1 from DIR/ca/ca.pem; sets
# S3_TLS_PORT and S3_TLS_PID (kill both it and MOTO_PID from the check's EXIT trap).
s3_tls_start() {
  moto_start "$1" || return 1
  mkdir -p "$1/ca" "$1/nginx"
  test_ca "$1/ca" 127.0.0.1
  S3_TLS_PORT=$(free_port 1)
  cat >"$1/nginx/nginx.conf" <<CONF
daemon off;
pid $1/nginx/nginx.pid;
error_log $1/nginx/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $1/nginx/body;
  proxy_temp_path $1/nginx/proxy;
  server {
    listen 127.0.0.1:$S3_TLS_PORT ssl;
    ssl_certificate $1/ca/leaf.pem;
    ssl_certificate_key $1/ca/leaf.key;
    client_max_body_size 0;
    location / {
      proxy_pass http://127.0.0.1:$MOTO_PORT;
      proxy_set_header Host \$http_host;
      proxy_http_version 1.1;
      proxy_request_buffering off;
    }
  }
}
CONF
  nginx -c "$1/nginx/nginx.conf" -e "$1/nginx/error.log" &
  # shellcheck disable=SC2034 # the caller's EXIT trap kills it
  S3_TLS_PID=$!
  for _ in $(seq 50); do curl -fsS --cacert "$1/ca/ca.pem" -o /dev/null "https://127.0.0.1:$S3_TLS_PORT/" 2>/dev/null && return 0; sleep 0.2; done
  echo "the TLS front of moto did not start: $(tail -3 "$1/nginx/error.log")" >&2
  return 1
}

# compose_shim BIN BACKUPS: a `docker` in BIN for the scripts that reach the stack only through
# `docker compose ... exec -T SERVICE CMD`: CMD runs here, against the throwaway cluster
# (postgres) or with BACKUPS as the backups volume (backup).
compose_shim() {
  mkdir -p "$1"
  cat >"$1/docker" <<SH
#!/bin/sh
[ "\$1" = compose ] || exit 64; shift
while [ \$# -gt 0 ]; do case "\$1" in --project-directory | -f) shift 2 ;; exec) shift; break ;; *) exit 64 ;; esac; done
[ "\$1" = -T ] || exit 64
svc=\$2; shift 2
case "\$svc" in
  postgres) exec env PGHOST="$PGT/sock" PGPORT="$PGP" "\$@" ;;
  backup) exec env BACKUP_DIR="$2" "\$@" ;;
esac
exit 64
SH
  chmod +x "$1/docker"
}

# test_ca DIR NAME...: a throwaway CA and an ECDSA P-256 leaf for the NAMEs (the first is the CN):
# DIR/ca.pem, DIR/leaf.key, DIR/leaf.pem, DIR/chain.pem (leaf then CA). An IPv4 address is both an
# IP and a DNS name of the leaf: some clients (pgBackRest 2.45) match DNS names only.
test_ca() {
  local dir=$1 san="" name
  shift
  for name in "$@"; do
    case "$name" in
      *[!0-9.]*) san="${san}DNS:$name," ;;
      *) san="${san}IP:$name,DNS:$name," ;;
    esac
  done
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 2 \
    -subj /CN=scaffold-test-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/leaf.key" -out "$dir/leaf.csr" -subj "/CN=$1" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "${san%,}" >"$dir/leaf.ext"
  openssl x509 -req -in "$dir/leaf.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -out "$dir/leaf.pem" -days 2 \
    -extfile "$dir/leaf.ext" 2>/dev/null
  cat "$dir/leaf.pem" "$dir/ca.pem" >"$dir/chain.pem"
}

# in_netns: runs the bash script on standard input in a private network namespace with only
# loopback up (nothing it starts can reach beyond the machine), with every function defined here.
in_netns() {
  { declare -f; printf 'set -euo pipefail\nip link set lo up\n'; cat; } >"$SCRATCH/netns.sh"
  if [ "$(id -u)" = 0 ]; then unshare -n bash "$SCRATCH/netns.sh"; else unshare -rn bash "$SCRATCH/netns.sh"; fi
}

# live_tls_scan CA_PEM HOST SIGNAL SERVER-COMMAND: starts the server in a private network namespace
# (in_netns), scans HOST on 127.0.0.1:18443 with sslyze against the answered Mozilla profile,
# stops the server with SIGNAL and returns sslyze's verdict.
live_tls_scan() {
  local ca=$1 host=$2 signal=$3
  shift 3
  in_netns <<SH
$* &
pid=\$!
sleep 2
set +e
sslyze --quiet --mozilla_config="$(answer tls.profile)" --certinfo_ca_file "$ca" "$host:18443{127.0.0.1}"
rc=\$?
kill -$signal \$pid
wait \$pid
exit \$rc
SH
}

# edge_live CA SECONDS PROXY-COMMAND: in a private network namespace (in_netns), the stand-in app
# (upstream_stub) on 127.0.0.1:13000 and the proxy started with PROXY-COMMAND, given SECONDS to
# listen; then edge_behaviour against it on 18443 and 18080, then the bash on standard input: what
# the check reads from the running proxy (its metrics). EDGE_NO_RATE_LIMIT carries over.
edge_live() {
  in_netns <<SH
EDGE_NO_RATE_LIMIT=${EDGE_NO_RATE_LIMIT:-}
upstream_stub 13000 &
wait_port 13000
$3 &
sleep $2
edge_behaviour "$1" 18443 18080
$(cat)
SH
}

# nginx_stage DIR PREFIX CN: a copy of nginx/ in DIR, with a test CA (test_ca DIR CN) standing in
# at every ssl_certificate / ssl_certificate_key path, and the absolute runtime paths (certificates,
# pid, caches) moved under PREFIX: DIR's own path, or "" for paths relative to nginx's -p prefix
# when the check runs inside another root.
nginx_stage() {
  local dir=$1 prefix=$2 directive path dest
  mkdir -p "$dir/cache"
  cp -r nginx/. "$dir/"
  [ -f "$dir/mime.types" ] || cp /etc/nginx/mime.types "$dir/mime.types"
  test_ca "$dir" "$3"
  grep -rhoE 'ssl_certificate(_key)? +[^;]+' "$dir/nginx.conf" "$dir/sites" "$dir/snippets" | awk '{print $1, $2}' | sort -u |
    while read -r directive path; do
      case "$path" in /*) dest="$dir/abs$path" ;; *) dest="$dir/$path" ;; esac
      mkdir -p "$(dirname "$dest")"
      if [ "$directive" = ssl_certificate ]; then cp "$dir/chain.pem" "$dest"; else cp "$dir/leaf.key" "$dest"; fi
    done
  find "$dir" -name '*.conf' -exec sed -i -e "s#/etc/letsencrypt/#${prefix}abs/etc/letsencrypt/#g" \
    -e "s#/tmp/nginx.pid#${prefix}nginx.pid#" -e "s#/var/cache/nginx/#${prefix}cache/#g" {} +
}

# edge_behaviour CA HTTPS_PORT HTTP_PORT: requests against a proxy already listening on 127.0.0.1
# (started by the caller in the same network namespace, with upstreams pointing at the stub that
# `upstream_stub PORT &` serves): security headers on 200/404/413/429, HTTP→HTTPS redirect, unknown
# Host and SNI refused, body limit, a streamed response not buffered, rate limit (unless
# EDGE_NO_RATE_LIMIT is set), and a WebSocket held open past 60 s.
edge_behaviour() {
  local ca=$1 https=$2 http=$3 host code headers limited ws stream over prefix body grafana_in grafana_out from=()
  host=$(answer domain)
  eval "$(python3 "$LIB/edge_answers.py")"
  local c=(curl -sS --cacert "$ca" --resolve "$host:$https:127.0.0.1" --resolve "$host:$http:127.0.0.1" --max-time 20)
  # Here-strings, not pipes: under pipefail, `printf … | grep -q` fails at random when grep exits
  # on its match before printf has written everything (SIGPIPE), which read as a missing header.
  local strict=content-security-policy-report-only
  [ "$(answer csp.enforce_strict)" != true ] || strict=content-security-policy
  check_headers() {
    for h in strict-transport-security x-content-type-options referrer-policy content-security-policy $strict; do
      grep -qi "^$h:" <<<"$2" || { echo "missing $h on the $1 response"; return 1; }
    done
  }
  status_is() { [[ ${2%%$'\n'*} == *" $1"* ]]; }
  headers=$("${c[@]}" -D - -o /dev/null "https://$host:$https/")
  check_headers 200 "$headers"
  headers=$("${c[@]}" -D - -o /dev/null "https://$host:$https/scaffold-missing")
  status_is 404 "$headers" || { echo "expected 404 from the upstream: $headers"; return 1; }
  check_headers 404 "$headers"
  # The app's metrics are for Prometheus inside: refused at the edge (the stub would answer 200).
  for m in "$prefix/metrics" "$prefix/metrics/x"; do
    code=$("${c[@]}" -o /dev/null -w '%{http_code}' "https://$host:$https$m")
    [ "$code" = 404 ] || { echo "$m was answered with $code through the edge, not refused with 404"; return 1; }
  done
  # A proxy may close the connection after its 413 while the body is still being sent.
  headers=$(head -c "$over" /dev/zero | "${c[@]}" -D - -o /dev/null --data-binary @- "https://$host:$https/" 2>/dev/null || true)
  status_is 413 "$headers" || { echo "a body over max_body was not refused with 413"; return 1; }
  check_headers 413 "$headers"
  # A streamed response passes chunk by chunk: the stand-in's first event comes 5 s before its
  # second, so through an edge that buffers the response nothing arrives within 3 s.
  if [ -n "$stream" ]; then
    body=$("${c[@]}" -N --compressed --max-time 3 -H 'Accept: text/event-stream' "https://$host:$https$stream" 2>/dev/null || true)
    grep -qx 'data: first' <<<"$body" || { echo "$stream: no event within 3 s: the edge buffers the streamed response"; return 1; }
  fi
  if [ -n "$limited" ] && [ -z "${EDGE_NO_RATE_LIMIT:-}" ]; then
    code=""
    for _ in $(seq 40); do
      headers=$("${c[@]}" -D - -o /dev/null "https://$host:$https$limited")
      if status_is 429 "$headers"; then code=429; break; fi
    done
    [ "$code" = 429 ] || { echo "$limited never answered 429"; return 1; }
    check_headers 429 "$headers"
  fi
  # Grafana (monitoring) behind monitoring.grafana.allow: an address outside it gets 403, the
  # requests below come from one inside it (both added to this namespace's loopback).
  if [ -f monitoring/grafana/grafana.ini ] && [ -n "$grafana_out" ]; then
    ip addr add "$grafana_out/32" dev lo
    for g in /grafana/ /grafana/login /grafana/api/live/ws; do
      code=$("${c[@]}" --interface "$grafana_out" -o /dev/null -w '%{http_code}' "https://$host:$https$g")
      [ "$code" = 403 ] || { echo "$g answered $code to $grafana_out, outside monitoring.grafana.allow"; return 1; }
    done
    if [ -n "$grafana_in" ]; then
      ip addr add "$grafana_in/32" dev lo
      from=(--interface "$grafana_in")
      code=$("${c[@]}" "${from[@]}" -o /dev/null -w '%{http_code}' "https://$host:$https/grafana/")
      [ "$code" = 200 ] || { echo "/grafana/ answered $code to $grafana_in, inside monitoring.grafana.allow"; return 1; }
    fi
  fi
  # Grafana's login form: limited like the apps' login paths (asked from inside the allowlist).
  if [ -f monitoring/grafana/grafana.ini ] && [ -z "${EDGE_NO_RATE_LIMIT:-}" ] && { [ -z "$grafana_out" ] || [ ${#from[@]} -gt 0 ]; }; then
    code=""
    for _ in $(seq 40); do
      code=$("${c[@]}" "${from[@]}" -o /dev/null -w '%{http_code}' -d user=admin -d password=guess "https://$host:$https/grafana/login")
      [ "$code" != 429 ] || break
    done
    [ "$code" = 429 ] || { echo "/grafana/login never answered 429"; return 1; }
  fi
  code=$("${c[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "http://$host:$http/x?y=1")
  # 308 keeps the method; Traefik's permanent redirect answers a GET with 301 and has no option for 308.
  local want=308
  [ "$(answer proxy)" != traefik ] || want=301
  [ "$code" = "$want https://$host/x?y=1" ] || { echo "HTTP did not redirect to HTTPS with $want: $code"; return 1; }
  # Refused: the connection closed without an answer (nginx 444, Caddy abort) or a 4xx (Traefik
  # has no router for it: 404); never served, never redirected.
  code=$(curl -sS --max-time 5 --resolve "unknown.invalid:$http:127.0.0.1" -o /dev/null -w '%{http_code}' \
    "http://unknown.invalid:$http/" 2>/dev/null || true)
  case "$code" in '' | 000 | 4??) ;; *) echo "an unknown Host was answered on port 80 with $code"; return 1 ;; esac
  if curl -sS --max-time 5 -k --resolve "unknown.invalid:$https:127.0.0.1" -o /dev/null "https://unknown.invalid:$https/" 2>/dev/null; then
    echo "an unknown SNI was answered on port 443"; return 1
  fi
  if [ -n "$ws" ]; then
    python3 "$LIB/ws_idle.py" "$ca" "$host" "$https" "$ws"
  fi
}

# wait_port PORT: waits (5 s at most) until something accepts connections on 127.0.0.1:PORT. A proxy
# with active health checks marks an upstream it cannot reach down until its next check.
wait_port() {
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  return 1
}

# upstream_stub PORT: a stand-in app on 127.0.0.1: 404 on /scaffold-missing, 200 elsewhere, reads any body, and
# answers a WebSocket upgrade with 101, then echoes what it receives.
upstream_stub() {
  python3 "$LIB/upstream_stub.py" "$1"
}

# nginx_local DIR: adapts a staged nginx/ to the nginx on PATH when it is older than the target:
# `listen … ssl http2` below 1.25.1, no X25519MLKEM768 below OpenSSL 3.5 (the Debian 13 check runs
# the config as written).
nginx_local() {
  local have_nginx have_ssl
  have_nginx=$(nginx -v 2>&1 | sed -n 's#.*nginx/\([0-9.]*\).*#\1#p')
  have_ssl=$(nginx -V 2>&1 | sed -n 's#.*built with OpenSSL \([0-9.]*\).*#\1#p')
  if [ "$(ver "$have_nginx")" -lt "$(ver 1.25.1)" ] && grep -rq 'http2 on;' "$1"; then
    echo "note: nginx $have_nginx < 1.25.1: checked with 'listen ... ssl http2' instead of 'http2 on'"
    find "$1" -name '*.conf' -exec sed -i -e '/^ *http2 on;/d' -e 's#^\( *listen [^;]* ssl\)\b#\1 http2#' {} +
  fi
  if [ "$(ver "${have_ssl:-0}")" -lt "$(ver 3.5)" ] && grep -rq X25519MLKEM768 "$1"; then
    echo "note: OpenSSL $have_ssl < 3.5: checked without X25519MLKEM768"
    find "$1" -name '*.conf' -exec sed -i 's#X25519MLKEM768:##' {} +
  fi
}

# nginx_loopback DIR UPSTREAM: a staged nginx/ listening on 127.0.0.1 high ports only (18443, 18080,
# 18081), logging to files, every upstream replaced by UPSTREAM (host:port) when given.
nginx_loopback() {
  find "$1" -name '*.conf' -exec sed -i -e "s#/dev/stdout#$1/access.log#" \
    -e '/listen \[::\]/d' -e 's/listen 443 /listen 127.0.0.1:18443 /' -e 's/listen 80\b/listen 127.0.0.1:18080/' \
    -e 's/listen 127.0.0.1:8080/listen 127.0.0.1:18081/' {} +
  if [ -n "${2:-}" ]; then
    find "$1" -name '*.conf' -exec sed -i -E "s#(set \\\$upstream_[a-z0-9_]+ http://)[a-z0-9.-]+:[0-9]+;#\\1$2;#" {} +
  fi
}

# traefik_stage DIR NAME [UPSTREAM]: a copy of traefik/ in DIR with a test CA for NAME, entry points on
# 127.0.0.1:1808x (websecure 18443), the docker provider and ACME resolvers dropped (a stand-in
# certificate instead: nothing contacts Let's Encrypt), and every service URL pointed at UPSTREAM.
traefik_stage() {
  mkdir -p "$1"
  cp -r traefik/. "$1/"
  test_ca "$1" "$2"
  python3 "$LIB/traefik_stage.py" "$1" "${3:-}"
}

# caddy_stage DIR NAME [UPSTREAM]: a copy of caddy/ in DIR serving a test-CA leaf for NAME and www.NAME
# (instead of ACME or certs/) on 127.0.0.1:18443 and :18080, admin API off, storage in DIR, and
# every reverse_proxy pointed at UPSTREAM.
caddy_stage() {
  mkdir -p "$1"
  cp -r caddy/. "$1/"
  test_ca "$1" "$2" "www.$2"
  sed -i -E -e "s#^\ttls (/certs/fullchain.pem /certs/privkey.pem )?\{#\ttls $1/chain.pem $1/leaf.key {#" \
    -e "s#^\temail (.*)#\temail \1\n\tadmin off\n\thttp_port 18080\n\thttps_port 18443\n\tstorage file_system $1/data#" \
    -e "s#^http://127.0.0.1:8080#http://127.0.0.1:18081#" "$1/Caddyfile"
  if [ -n "${3:-}" ]; then
    sed -i -E "s#(reverse_proxy) [a-z0-9.-]+:[0-9]+#\1 $3#" "$1/Caddyfile"
  fi
}
