# shellcheck shell=bash
prometheus-blackbox-exporter --config.check --config.file=monitoring/blackbox/blackbox.yml
