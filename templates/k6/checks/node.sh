# shellcheck shell=bash
# k6 scripts are ES modules; the .mjs copy makes node parse them as such (k6/* imports are not resolved by --check)
cp load-tests/smoke.js "$SCRATCH/smoke.mjs"
node --check "$SCRATCH/smoke.mjs"
