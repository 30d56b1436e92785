# shellcheck shell=bash
T="$SCRATCH/am"; mkdir -p "$T/secrets"
read -r AM STUB <<< "$(free_port 2)"
# Each receiver pointed at a stand-in that records which route delivered; timers shortened.
routes=$(python3 "$CHECKS/fast-routes.py" monitoring/alertmanager/alertmanager.yml "$T/am.yml" "$STUB")
# Fails closed: check-receivers.sh refuses to start Alertmanager without its secrets.
if [ -n "$routes" ] && sh monitoring/alertmanager/check-receivers.sh "$T/secrets" true 2>/dev/null; then
  echo "check-receivers.sh lets Alertmanager start without the secrets of: $routes"; exit 1
fi
python3 "$CHECKS/receiver-stub.py" "$STUB" "$T/hits" &
prometheus-alertmanager --config.file="$T/am.yml" --storage.path="$T/data" \
  --web.listen-address="127.0.0.1:$AM" --cluster.listen-address= --log.level=warn 2>"$T/am.log" &
python3 "$CHECKS/deliver.py" "$AM" "$T" "$routes"
