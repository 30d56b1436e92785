# shellcheck shell=bash
python3 "$CHECKS/rules.py" monitoring/prometheus docs/runbooks/alerts.md
