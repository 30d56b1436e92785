# shellcheck shell=bash
python3 "$CHECKS/pooled.py"
