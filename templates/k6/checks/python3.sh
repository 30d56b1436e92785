# shellcheck shell=bash
python3 "$CHECKS/smoke-js.py"
