# shellcheck shell=bash
# shellcheck disable=SC2016 # expanded by the sh inside the root
trixie-run monitoring/prometheus sh -c \
  'promtool check config prometheus.yml && promtool check rules rules/*.yml && for t in tests/*.yml; do promtool test rules "$t" || exit 1; done'
