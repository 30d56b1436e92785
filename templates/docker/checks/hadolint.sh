# shellcheck shell=bash
find . -name Dockerfile -print0 | xargs -0 hadolint --no-color
