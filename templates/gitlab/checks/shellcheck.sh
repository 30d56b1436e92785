# shellcheck shell=bash
# before_script + script of every job (after `extends:`), as one POSIX sh script each.
# SC2086 is off: $SSH_OPTS is split on purpose.
python3 "$CHECKS/job-scripts.py"
