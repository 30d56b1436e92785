# shellcheck shell=bash
python3 "$CHECKS/links.py" docs/runbooks
