# shellcheck shell=bash
unset AWS_CA_BUNDLE
T="$SCRATCH/pitr"; mkdir -p "$T/secrets" "$T/metrics" "$T/work"
s3_tls_start "$T"
trap 'pg_stop; kill "$S3_TLS_PID" "$MOTO_PID" 2>/dev/null || true' EXIT
conf() { sed -n "s/^$1=//p" postgres/pgbackrest/pgbackrest.conf | head -1; }
B=$(conf repo1-s3-bucket); PREFIX=$(conf repo1-path); STANZA=$(sed -n 's/^STANZA=//p' scripts/pgbackrest.sh)
curl -fsS -X PUT -o /dev/null "http://127.0.0.1:$MOTO_PORT/$B"
printf 'AKIAPITREXAMPLE\n' > "$T/secrets/pitr_access_key_id"; printf 'example-secret\n' > "$T/secrets/pitr_secret_access_key"
head -c 32 /dev/urandom | base64 > "$T/secrets/pitr_cipher_pass"
# The rendered pgbackrest.conf as it is; only what differs on this machine (the endpoint, its
# CA, the cluster's paths) comes from pgBackRest's environment, which outranks the file.
export PITR_SECRETS_DIR="$T/secrets" PGBACKREST_CONFIG="$PWD/postgres/pgbackrest/pgbackrest.conf" \
  PGBACKREST_REPO1_S3_ENDPOINT=127.0.0.1 PGBACKREST_REPO1_STORAGE_PORT="$S3_TLS_PORT" \
  PGBACKREST_REPO1_STORAGE_CA_FILE="$T/ca/ca.pem" PGBACKREST_LOCK_PATH="$T/work" PGBACKREST_SPOOL_PATH="$T/work"
# The server runs with the compose file's settings, archiving through the script of this copy.
for s in wal_level=replica archive_mode=on 'archive_command=/bin/sh /scripts/pgbackrest.sh archive-push %p'; do
  grep -qxF -- "      - $s" docker-compose.prod.yml || { echo "the postgres command lacks \`$s\`" >&2; exit 1; }
done
settings=$(pg_settings unix_socket_directories= "archive_command=/bin/sh $PWD/scripts/pgbackrest.sh archive-push %p")
P=$(free_port 1)
export PGBACKREST_PG1_SOCKET_PATH="$T/pg/sock" PGBACKREST_PG1_PORT="$P" PGBACKREST_PG1_PATH="$T/pg/data"
chmod -R a+rX "$T/secrets" "$T/ca"; chmod 777 "$T/work" "$T/metrics"
pg_throwaway "$T/pg" "$P" "" "$settings"
q() { $as psql -h "$T/pg/sock" -p "$P" -U postgres -d postgres -X -qAtc "$1"; }
q "CREATE TABLE drill (id int PRIMARY KEY, note text NOT NULL)"
q "INSERT INTO drill SELECT g, 'first ' || g FROM generate_series(1, 2000) g"
# The pitr service's loop: it creates the stanza, takes the first (full) backup and publishes pitr.prom.
$as env BACKUP_METRICS_DIR="$T/metrics" PGHOST="$T/pg/sock" PGPORT="$P" PITR_ROUND_SECONDS=1 TMPDIR="$T/work" \
  sh scripts/pgbackrest.sh --loop >"$T/loop.log" 2>&1 &
loop=$!
for _ in $(seq 120); do grep -q '^pitr_newest_full_backup_timestamp_seconds{[^}]*} [1-9]' "$T/metrics/pitr.prom" 2>/dev/null && break; sleep 0.5; done
kill "$loop"; wait "$loop" 2>/dev/null || true
grep -q '^pitr_newest_full_backup_timestamp_seconds{[^}]*} [1-9]' "$T/metrics/pitr.prom" || { cat "$T/loop.log" >&2; exit 1; }
grep -q '^pitr_last_run_success{[^}]*} 1$' "$T/metrics/pitr.prom"
grep -q '^pitr_wal_last_archived_timestamp_seconds{[^}]*} [1-9]' "$T/metrics/pitr.prom"
if command -v promtool >/dev/null; then promtool check metrics < "$T/metrics/pitr.prom"; fi
$as env TMPDIR="$T/work" sh scripts/pgbackrest.sh --check
# After the backup: a write, the moment to return to, then writes that must not come back.
q "UPDATE drill SET note = 'second ' || id WHERE id % 3 = 0"
sleep 1; target=$(q "SELECT now()"); sleep 1
want=$(q "SELECT count(*) || ' ' || md5(string_agg(id || note, ',' ORDER BY id)) FROM drill")
q "DELETE FROM drill WHERE id > 1000"; q "INSERT INTO drill VALUES (5000, 'too late')"
q "SELECT pg_switch_wal()" >/dev/null
# Waits until the segment with those writes is in the repository.
$as sh scripts/pgbackrest.sh check >/dev/null 2>&1 || { $as sh scripts/pgbackrest.sh check; exit 1; }
# The objects in the bucket are encrypted (pgBackRest's cipher), not readable files.
python3 "$CHECKS/backup-info.py" "$MOTO_PORT" "$B" "${PREFIX#/}/backup/$STANZA/backup.info"
# The host is lost. On a new one, an empty data directory is restored to that second.
pg_stop; rm -rf "$T/pg/data"
$as mkdir -m 700 "$T/pg/data"
# Without the team's passphrase nothing comes back.
mkdir -p "$T/wrong"; cp "$T/secrets/"* "$T/wrong/"; printf 'wrong\n' > "$T/wrong/pitr_cipher_pass"; chmod -R a+rX "$T/wrong"
# shellcheck disable=SC2086 # $as is a command prefix (runuser … or nothing): its words must split
fails $as env PITR_SECRETS_DIR="$T/wrong" sh scripts/pgbackrest.sh restore-to "$target" >/dev/null 2>&1
$as rm -rf "$T/pg/data"; $as mkdir -m 700 "$T/pg/data"
$as sh scripts/pgbackrest.sh restore-to "$target" >"$T/restore.log" 2>&1 || { cat "$T/restore.log" >&2; exit 1; }
$as pg_ctl -D "$T/pg/data" -o "-c listen_addresses='' -k $T/pg/sock -p $P -c archive_mode=off" -l "$T/pg/log2" -w -t 120 start >/dev/null ||
  { tail -20 "$T/pg/log2" >&2; exit 1; }
for _ in $(seq 120); do [ "$(q 'SELECT pg_is_in_recovery()')" = f ] && break; sleep 0.5; done
[ "$(q 'SELECT pg_is_in_recovery()')" = f ] || { echo "the restored cluster did not promote" >&2; tail -20 "$T/pg/log2" >&2; exit 1; }
got=$(q "SELECT count(*) || ' ' || md5(string_agg(id || note, ',' ORDER BY id)) FROM drill")
[ "$got" = "$want" ] || { echo "restored to $target: '$got', not '$want'" >&2; exit 1; }
