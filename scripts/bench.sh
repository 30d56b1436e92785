#!/usr/bin/env bash
# Whole-process figures for the closing notes: `scaffold init`, `update` and `check` per preset
# next to `cp -r` of the same tree, in the same run, plus startup time and peak memory.
# Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/scaffold"
runs=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# mean wall time in milliseconds of running "$@" $runs times; $prep runs before each (untimed)
mean_ms() {
  local total=0 start end
  for _ in $(seq "$runs"); do
    [ -n "${prep:-}" ] && eval "$prep"
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    total=$((total + end - start))
  done
  awk -v t="$total" -v n="$runs" 'BEGIN { printf "%.2f", t / n / 1e6 }'
}

peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%-16s %10s %10s %7s %10s %10s %7s %9s\n' preset init cp-r ratio update check ratio peak-KiB
for preset in express-typeorm go-service nextjs-prisma; do
  ref="$work/ref-$preset"
  "$bin" init --preset "$preset" --dir "$ref" --yes >/dev/null
  prep="rm -rf '$work/p'" init=$(mean_ms "$bin" init --preset "$preset" --dir "$work/p" --yes)
  prep="rm -rf '$work/c'" cp=$(mean_ms cp -r "$ref" "$work/c")
  ratio=$(awk -v a="$init" -v b="$cp" 'BEGIN { printf "%.1f", a / b }')
  # A project with user edits: one appended line in every YAML file it has.
  edited="$work/edited-$preset"
  rm -rf "$edited"; cp -r "$ref" "$edited"
  find "$edited" -name '*.yml' -not -path '*/.scaffold/*' -exec sh -c 'echo "# edited" >> "$1"' _ {} \;
  sed -i "s/^project: .*/&x/" "$edited/scaffold.yaml"
  prep="rm -rf '$work/u'; cp -r '$edited' '$work/u'" update=$(mean_ms "$bin" update --dir "$work/u" --yes --allow-conflicts)
  prep="" check=$(mean_ms "$bin" check --dir "$edited")
  check_ratio=$(awk -v a="$check" -v b="$cp" 'BEGIN { printf "%.1f", a / b }')
  peak=$(peak_kib "$bin" init --preset "$preset" --dir "$work/peak-$preset" --yes)
  printf '%-16s %8sms %8sms %6sx %8sms %8sms %6sx %9s\n' "$preset" "$init" "$cp" "$ratio" "$update" "$check" "$check_ratio" "$peak"
done
prep="" startup=$(mean_ms "$bin" --version)
echo "scaffold --version: ${startup}ms (mean of $runs)"
echo "in-process render+plan per preset:"
cargo bench --quiet --bench render 2>/dev/null | sed 's/^/  /'
