# shellcheck shell=bash
# A throwaway PostgreSQL (scram-sha-256 over TCP on 127.0.0.1) with the app role, and the rendered
# pgbouncer.ini with only its addresses and paths moved into the scratch dir.
T="$SCRATCH/pgb"; PW="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
DB="$(answer postgres.database)"; U="$(answer postgres.user)"
read -r PG PB <<< "$(free_port 2)"
pg_throwaway "$T" "$PG" 127.0.0.1
trap 'pg_stop; [ -s "$T/pgb.pid" ] && kill "$(cat "$T/pgb.pid")" 2>/dev/null || true' EXIT
$as psql -h "$T/sock" -p "$PG" -U postgres -qc "CREATE ROLE \"$U\" LOGIN PASSWORD '$PW'" -c "CREATE DATABASE \"$DB\" OWNER \"$U\""
printf '"%s" "%s"\n' "$U" "$PW" > "$T/userlist.txt"
# max_prepared_statements needs PgBouncer 1.21 (the image); Debian 12's 1.18 does not know it.
sed -e "s#host=postgres port=5432#host=127.0.0.1 port=$PG#" -e "s#^listen_addr = .*#listen_addr = 127.0.0.1#" \
  -e "s#^listen_port = .*#listen_port = $PB#" -e "s#/run/pgbouncer/userlist.txt#$T/userlist.txt#" \
  -e "s#^pidfile =.*#pidfile = $T/pgb.pid#" pgbouncer/pgbouncer.ini > "$T/pgbouncer.ini"
if [ "$(ver "$(pgbouncer --version | sed -n 's/^PgBouncer //p')")" -lt "$(ver 1.21.0)" ]; then
  sed -i '/^max_prepared_statements/d' "$T/pgbouncer.ini"
fi
[ "$(id -u)" != 0 ] || chown postgres "$T/pgbouncer.ini" "$T/userlist.txt"
$as pgbouncer -d "$T/pgbouncer.ini"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/pgb.pid" ] && break; sleep 0.3; done
export PGPASSWORD="$PW"
test "$(psql -h 127.0.0.1 -p "$PB" -U "$U" -d "$DB" -Atc 'SELECT current_user')" = "$U"
psql -h 127.0.0.1 -p "$PB" -U "$U" -d pgbouncer -Atc 'SHOW CONFIG' > "$T/config"
grep -qx "pool_mode|transaction|.*" "$T/config"
grep -qx "default_pool_size|$(grep '^default_pool_size' pgbouncer/pgbouncer.ini | cut -d' ' -f3)|.*" "$T/config"
grep -qx "auth_type|scram-sha-256|.*" "$T/config"
# a wrong password is refused
PGPASSWORD=wrong fails psql -h 127.0.0.1 -p "$PB" -U "$U" -d "$DB" -Atc 'SELECT 1' >/dev/null 2>&1
