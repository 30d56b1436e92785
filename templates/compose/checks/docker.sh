# shellcheck shell=bash
# IMAGE_TAG is required by the file (${IMAGE_TAG:?}); secrets files need not exist for `config`.
IMAGE_TAG=verify docker compose -f docker-compose.prod.yml config -q
