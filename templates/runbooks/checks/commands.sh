# shellcheck shell=bash
python3 "$CHECKS/commands.py"
