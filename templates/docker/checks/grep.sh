# shellcheck shell=bash
for p in .git .env '.env.*' secrets; do grep -qxF -- "$p" .dockerignore || { echo "missing $p"; exit 1; }; done
