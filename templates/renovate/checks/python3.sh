# shellcheck shell=bash
python3 "$CHECKS/renovate-json.py"
