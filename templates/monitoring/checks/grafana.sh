# shellcheck shell=bash
python3 "$CHECKS/grafana.py" monitoring/grafana
