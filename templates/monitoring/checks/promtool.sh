# shellcheck shell=bash
promtool check config monitoring/prometheus/prometheus.yml
promtool check rules monitoring/prometheus/rules/*.yml
for t in monitoring/prometheus/tests/*.yml; do promtool test rules "$t"; done
