# shellcheck shell=bash
python3 "$CHECKS/loki-alloy.py"
