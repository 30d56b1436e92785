# shellcheck shell=bash
python3 "$CHECKS/collector.py"
