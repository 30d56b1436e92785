# shellcheck shell=bash
python3 "$CHECKS/rules-tsv.py" .zap/rules.tsv
