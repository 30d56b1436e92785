# shellcheck shell=bash
T="$SCRATCH/pitr-restore"; mkdir -p "$T/bin"; log="$T/docker.log"; : > "$log"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s"\n' "$log" > "$T/bin/docker"; chmod +x "$T/bin/docker"
restore() { PATH="$T/bin:$PATH" sh scripts/pitr-restore.sh "$@"; }
fails restore '2026-12-01 14:05:00+00' 2>/dev/null
fails restore '2026-12-01 14:05:00' --yes 2>/dev/null
fails restore 'yesterday; rm -rf /' --yes 2>/dev/null
[ ! -s "$log" ] || { echo "a refused restore ran docker: $(cat "$log")" >&2; exit 1; }
restore '2026-12-01 14:05:00+00' --yes 2>/dev/null
sed 's/^compose --project-directory [^ ]* -f [^ ]* //' "$log" > "$T/got"
printf '%s\n' stop "run --rm --no-deps -T --entrypoint /bin/sh postgres /scripts/pgbackrest.sh restore-to 2026-12-01 14:05:00+00" \
  "up -d --wait postgres" "up -d" > "$T/want"
diff "$T/want" "$T/got"
