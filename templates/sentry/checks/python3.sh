# shellcheck shell=bash
python3 "$CHECKS/wiring.py"
