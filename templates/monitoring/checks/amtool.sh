# shellcheck shell=bash
AM=monitoring/alertmanager/alertmanager.yml
# amtool before 0.26 (Debian 12 ships 0.25) does not know webhook `url_file` (added in 0.26):
# check a copy with a dummy `url` instead; newer amtool checks the file as written.
if grep -q 'version 0\.2[0-5]\.' <<<"$(amtool --version 2>&1)"; then
  sed -E -e 's#(api_)?url_file: /run/secrets/[A-Za-z0-9_]+#\1url: http://127.0.0.1:9/#' \
    -e 's#(routing_key|api_key)_file: /run/secrets/[A-Za-z0-9_]+#\1: x#' "$AM" > "$SCRATCH/alertmanager.yml"
  AM="$SCRATCH/alertmanager.yml"
fi
amtool check-config "$AM"
amtool config routes test --config.file="$AM" --verify.receivers=paging severity=critical alertname=Test
amtool config routes test --config.file="$AM" --verify.receivers=chat severity=warning alertname=Test
amtool config routes test --config.file="$AM" --verify.receivers=heartbeat severity=info alertname=Watchdog
