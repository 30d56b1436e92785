# shellcheck shell=bash
# rclone's S3 client refuses to start with a CA bundle variable on an http endpoint.
unset AWS_CA_BUNDLE
T="$SCRATCH/offsite"; mkdir -p "$T/backups" "$T/metrics"
moto_start "$T"; P=$MOTO_PORT
trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT
B="$(answer project)-offsite"
printf 'AKIAEXAMPLE' > "$T/key_id"; printf 'example-secret\n' > "$T/secret"; printf 'crypt pass: word\n' > "$T/crypt"
s3() { python3 "$CHECKS/s3.py" "$P" "$B" "$@"; }
run() { env TMPDIR="$T" BACKUP_DIR="$T/backups" BACKUP_METRICS_DIR="$T/metrics" OFFSITE_ENDPOINT="http://127.0.0.1:$P" \
  OFFSITE_BUCKET="$B" OFFSITE_PREFIX="$(answer project)" OFFSITE_ACCESS_KEY_ID_FILE="$T/key_id" \
  OFFSITE_SECRET_ACCESS_KEY_FILE="$T/secret" OFFSITE_CRYPT_PASSWORD_FILE="$T/crypt" sh scripts/offsite.sh "$@"; }
# rclone crypt's size: a 32-byte header, then 16 bytes of authenticator per 64 KiB block.
sealed() { echo $(($1 + 32 + 16 * (($1 + 65535) / 65536))); }
# The bucket does not exist yet: the run fails and says so in its metrics.
head -c 70000 /dev/urandom > "$T/backups/app-20260101T000000Z.dump"
fails run 2>/dev/null
grep -q '^backup_offsite_last_run_success{[^}]*} 0$' "$T/metrics/offsite.prom"
grep -q '^backup_offsite_newest_dump_timestamp_seconds{[^}]*} 0$' "$T/metrics/offsite.prom"
fails run --check
s3 create
head -c 123457 /dev/urandom > "$T/backups/app-20260102T000000Z.dump"
touch -d '2026-01-02 00:00:00 UTC' "$T/backups/app-20260102T000000Z.dump"
: > "$T/backups/app-20260103T000000Z.dump.partial"
run 2>/dev/null
run --check
s3 list | sort > "$T/listed"
printf '%s/app-20260101T000000Z.dump.bin %s\n%s/app-20260102T000000Z.dump.bin %s\n' "$(answer project)" "$(sealed 70000)" \
  "$(answer project)" "$(sealed 123457)" > "$T/want"
diff "$T/want" "$T/listed"
# What the bucket holds is rclone crypt's format, not a dump.
printf '[plain]\ntype = s3\nprovider = Other\nendpoint = http://127.0.0.1:%s\naccess_key_id = a\nsecret_access_key = b\n' "$P" > "$T/plain.conf"
[ "$(rclone --config "$T/plain.conf" cat --count 6 "plain:$B/$(answer project)/app-20260102T000000Z.dump.bin")" = RCLONE ] ||
  { echo "the copy in the bucket is not encrypted" >&2; exit 1; }
grep -q '^backup_offsite_last_run_success{[^}]*} 1$' "$T/metrics/offsite.prom"
grep -q "^backup_offsite_newest_dump_timestamp_seconds{[^}]*} $(date -d '2026-01-02 00:00:00 UTC' +%s)$" "$T/metrics/offsite.prom"
if command -v promtool >/dev/null; then promtool check metrics < "$T/metrics/offsite.prom"; fi
# Retention here deletes a dump: the bucket keeps it. A changed dump is never overwritten.
rm "$T/backups/app-20260101T000000Z.dump"
run 2>/dev/null
diff "$T/want" <(s3 list | sort)
head -c 10 /dev/urandom >> "$T/backups/app-20260102T000000Z.dump"
fails run 2>/dev/null
diff "$T/want" <(s3 list | sort)
