# shellcheck shell=bash
unset AWS_CA_BUNDLE
T="$SCRATCH/dr"; mkdir -p "$T/old/backups" "$T/new/backups"
DB=$(answer postgres.database); B=$(env_of OFFSITE_BUCKET); PREFIX=$(env_of OFFSITE_PREFIX)
moto_start "$T"
trap 'pg_stop; kill "$MOTO_PID" 2>/dev/null || true' EXIT
curl -fsS -X PUT -o /dev/null "http://127.0.0.1:$MOTO_PORT/$B"
# The host that will be lost: its data, a verified dump of it, copied off-site.
pg_throwaway "$T/old" "$(free_port 1)" 127.0.0.1
pg_roles "$DB"; drill_data "$DB"; drill_fingerprint "$DB" > "$T/before.fp"
BU=$(env_of PGUSER)
$as env PGHOST=127.0.0.1 PGPORT="$PGP" PGDATABASE="$DB" PGUSER="$BU" PGPASSWORD_FILE="$PGT/$BU.pw" \
  BACKUP_DIR="$T/old/backups" sh scripts/backup.sh 2>/dev/null
printf 'AKIAWRITEONLY' > "$T/key_id"; printf 'example-secret' > "$T/secret"
# The encryption key, which the team keeps with its recovery secrets and brings to the new host.
head -c 32 /dev/urandom | base64 > "$T/crypt"
env TMPDIR="$T" BACKUP_DIR="$T/old/backups" OFFSITE_ENDPOINT="http://127.0.0.1:$MOTO_PORT" OFFSITE_BUCKET="$B" \
  OFFSITE_PREFIX="$PREFIX" OFFSITE_ACCESS_KEY_ID_FILE="$T/key_id" OFFSITE_SECRET_ACCESS_KEY_FILE="$T/secret" \
  OFFSITE_CRYPT_PASSWORD_FILE="$T/crypt" sh scripts/offsite.sh 2>/dev/null
# The host and its volumes are gone. A new one: an empty cluster with only what the postgres
# container's first start gives it (the roles and an empty database).
pg_stop; rm -rf "$T/old"
pg_throwaway "$T/new" "$(free_port 1)" 127.0.0.1
pg_roles "$DB"
compose_shim "$T/bin" "$T/new/backups"
fetch() { PATH="$T/bin:$PATH" OFFSITE_ENDPOINT="http://127.0.0.1:$MOTO_PORT" OFFSITE_READ_ACCESS_KEY_ID=AKIAREADER \
  OFFSITE_READ_SECRET_ACCESS_KEY=example-reader OFFSITE_CRYPT_PASSWORD_FILE="${CRYPT:-$T/crypt}" sh scripts/offsite-fetch.sh "$@"; }
dump=$(fetch --list | tail -1 | cut -f1)
case "$dump" in "$DB"-*.dump) ;; *) echo "offsite-fetch.sh --list gave '$dump'" >&2; exit 1 ;; esac
# With another key nothing decrypts, and nothing reaches the backups volume.
head -c 32 /dev/urandom | base64 > "$T/wrong"
CRYPT="$T/wrong" fails fetch "$dump" > /dev/null 2>&1
[ -z "$(ls -A "$T/new/backups")" ] || { echo "a failed fetch left files in the backups volume" >&2; exit 1; }
fetch "$dump" > /dev/null
fails fetch "$dump" > /dev/null 2> "$T/err"; grep -q "already in the backups volume" "$T/err"
fails fetch "$DB-19700101T000000Z.dump" > /dev/null 2>&1
PATH="$T/bin:$PATH" sh scripts/restore.sh "$dump" drill_copy > "$T/restore.out"
drill_fingerprint drill_copy > "$T/after.fp"
diff "$T/before.fp" "$T/after.fp"
grep -q '^orders|5000|' "$T/after.fp"
# Promoted as backup-restore.md says, the copy is the database the apps log in to, with their grants.
$as psql -h "$PGT/sock" -p "$PGP" -U postgres -d postgres -qc "ALTER DATABASE \"$DB\" RENAME TO \"${DB}_empty\"" \
  -c "ALTER DATABASE drill_copy RENAME TO \"$DB\""
A=$(env_of APP_DB_USER)
test "$(PGPASSWORD="$(cat "$PGT/$A.pw")" psql -h 127.0.0.1 -p "$PGP" -U "$A" -d "$DB" -X -Atc "SELECT count(*) FROM orders")" = 5000
fails env PGPASSWORD="$(cat "$PGT/$A.pw")" psql -h 127.0.0.1 -p "$PGP" -U "$A" -d "$DB" -X -qc "DROP TABLE orders" 2>/dev/null
