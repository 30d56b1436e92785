# shellcheck shell=bash
# Traefik has no validate command: run the real binary for 4 s on a loopback copy and fail on
# exit or any error-level log line. In the copy (python3 + PyYAML): entry points move to
# 127.0.0.1:1808x; the docker provider is dropped (its socket proxy is not running here);
# the ACME resolver is dropped and a stand-in certificate is served instead, so nothing
# contacts Let's Encrypt. It runs in a private network namespace: nothing leaves the machine.
T="$SCRATCH/traefik"
traefik_stage "$T" localhost
set +e
out=$(cd "$T" && in_netns <<<'exec timeout 4 traefik --configFile=traefik.yml' 2>&1)
rc=$?
set -e
if [ "$rc" != 124 ] || grep -q '"level":"error"' <<<"$out"; then
  printf '%s\n' "$out" | grep -v '"level":"info"'
  echo "traefik exited with $rc (124 = still running after 4 s) or logged an error"
  exit 1
fi
