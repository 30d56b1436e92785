# shellcheck shell=bash
python3 "$CHECKS/queue-worker.py"
