# shellcheck shell=bash
# The compose command (redis/start.sh) with the container paths moved into the scratch dir and a
# loopback bind; the passwords carry characters a config file would choke on.
T="$SCRATCH/redis"; mkdir -p "$T/run" "$T/data" "$T/secrets"
printf '%s "pass word" #1\n' "$(head -c 24 /dev/urandom | base64)" > "$T/secrets/redis_password"
printf '%s\n' "$(head -c 24 /dev/urandom | base64)" > "$T/secrets/redis_exporter_password"
P=$(free_port 1)
sed -e 's#^bind .*#bind 127.0.0.1#; s#^port 6379#port '"$P"'#' -e "s#/run/redis/auth.conf#$T/run/auth.conf#; s#^dir /data#dir $T/data#" \
  redis/redis.conf > "$T/redis.conf"
# In the foreground of this check's process group (scaffold verify stops the whole group);
# SIGKILL because on SIGTERM Redis first saves, and refuses to exit once the scratch dir is gone.
REDIS_SECRETS_DIR="$T/secrets" REDIS_AUTH_FILE="$T/run/auth.conf" sh redis/start.sh "$T/redis.conf" --logfile "$T/log" &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true' EXIT
# Ready when it answers at all: without the password, that answer must be NOAUTH.
for _ in $(seq 50); do redis-cli -p "$P" ping 2>&1 | grep -q NOAUTH && break; sleep 0.1; done
redis-cli -p "$P" ping 2>&1 | grep -q NOAUTH
if grep -q "pass word" "$T/run/auth.conf"; then echo "a password is in the ACL file in clear" >&2; exit 1; fi
# The apps send only the password: they are `default`, and may do everything but administer.
# (Here-strings, not pipes: `grep -q` leaving early would fail the pipeline under pipefail.)
app() { REDISCLI_AUTH="$(tr -d '\n' < "$T/secrets/redis_password")" redis-cli -p "$P" "$@" 2>&1; }
grep -qx PONG <<< "$(app ping)"
grep -qx OK <<< "$(app set k v)"
grep -qx v <<< "$(app get k)"
grep -q "^maxmemory_policy:$(sed -n 's/^maxmemory-policy //p' redis/redis.conf)" <<< "$(app info memory)"
for cmd in "flushall" "flushdb" "keys k" "config set maxmemory 1" "debug sleep 0" "acl list" "shutdown"; do
  # shellcheck disable=SC2086 # the command's words
  # DEBUG is also off in redis.conf (enable-debug-command no), which refuses it first.
  grep -qE 'NOPERM|not allowed' <<< "$(app $cmd)" || { echo "the apps' user may run: $cmd" >&2; exit 1; }
done
if grep -q '^user exporter' "$T/run/auth.conf"; then
  exporter() { REDISCLI_AUTH="$(tr -d '\n' < "$T/secrets/redis_exporter_password")" redis-cli --user exporter -p "$P" "$@" 2>&1; }
  grep -q '^redis_version:' <<< "$(exporter info)"
  grep -qx maxclients <<< "$(exporter config get maxclients)"
  grep -q 'user=exporter' <<< "$(exporter client list)"
  for cmd in "get k" "set k w" "config set maxmemory 1" "flushall"; do
    # shellcheck disable=SC2086 # the command's words
    grep -q NOPERM <<< "$(exporter $cmd)" || { echo "the exporter's user may run: $cmd" >&2; exit 1; }
  done
fi
