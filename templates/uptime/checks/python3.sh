# shellcheck shell=bash
python3 "$CHECKS/uptime-job.py"
