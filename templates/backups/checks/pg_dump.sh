# shellcheck shell=bash
# The server as the postgres container runs it: the generated init script creates the roles
# the compose file names; the migrator creates the data (as migrations do), the app role
# writes rows, and backups log in as the backup role over TCP with scram-sha-256 and the
# password file, like the `backup` service.
T="$SCRATCH/drill"; mkdir -p "$T/backups" "$T/metrics"
DB="$(answer postgres.database)"; PG=$(free_port 1)
pg_throwaway "$T" "$PG" 127.0.0.1; trap pg_stop EXIT
pg_roles "$DB"
drill_data "$DB"
U=$(env_of MIGRATOR_DB_USER); BU=$(env_of PGUSER)
run() { $as env PGHOST=127.0.0.1 PGPORT="$PG" PGDATABASE="$DB" PGUSER="$BU" PGPASSWORD_FILE="$T/$BU.pw" BACKUP_DIR="$T/backups" \
  BACKUP_METRICS_DIR="$T/metrics" BACKUP_KEEP=2 BACKUP_INTERVAL_SECONDS=60 sh scripts/backup.sh "$@"; }
run --check
for _ in 1 2 3; do run; sleep 1.1; done
test "$(find "$T/backups" -name "$DB-*.dump" | wc -l)" -eq 2
run --check
grep -q "^backup_last_success_timestamp_seconds{database=\"$DB\"} [1-9]" "$T/metrics/backup.prom"
if command -v promtool >/dev/null; then promtool check metrics < "$T/metrics/backup.prom"; fi
# scripts/restore.sh talks to the stack only through `docker compose ... exec -T SERVICE CMD`.
compose_shim "$T/bin" "$T/backups"
restore() { PATH="$T/bin:$PATH" sh scripts/restore.sh "$@"; }
dump="$(restore --list | tail -1 | cut -f1)"
case "$dump" in "$DB"-*.dump) ;; *) echo "restore --list gave '$dump'" >&2; exit 1 ;; esac
restore "$dump" drill_copy > "$T/restore.out"
grep -q "tables in dump: [1-9][0-9]*, tables restored: [1-9]" "$T/restore.out"
drill_fingerprint "$DB" > "$T/live.fp"; drill_fingerprint drill_copy > "$T/copy.fp"
diff "$T/live.fp" "$T/copy.fp"
grep -q '^orders|5000|' "$T/copy.fp"
test "$($as psql -h "$T/sock" -p "$PG" -U postgres -d drill_copy -Atc "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")" = "$U"
# The restored copy keeps the least-privilege grants: the app role reads it, and may not drop it.
A=$(env_of APP_DB_USER)
test "$($as psql -h "$T/sock" -p "$PG" -U "$A" -d drill_copy -X -Atc "SELECT count(*) FROM orders")" = 5000
# shellcheck disable=SC2086 # $as is a command prefix (runuser … or nothing): its words must split
fails $as psql -h "$T/sock" -p "$PG" -U "$A" -d drill_copy -X -qc "DROP TABLE orders" 2>/dev/null
# Refusals, each for its own reason: the live database, an existing one, a path, a truncated dump.
refused() { want=$1; shift; fails restore "$@" >/dev/null 2>"$T/err"; grep -q "$want" "$T/err" || { cat "$T/err" >&2; return 1; }; }
refused "over the live database" "$dump" "$DB"
refused "already exists" "$dump" drill_copy
refused "is not a dump file name" ../etc/passwd.dump drill_x
head -c 4000 "$T/backups/$dump" > "$T/backups/$DB-truncated.dump"
refused "pg_restore failed" "$DB-truncated.dump" drill_bad
