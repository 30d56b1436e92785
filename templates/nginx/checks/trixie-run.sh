# shellcheck shell=bash
# The config as written, `http2 on` and X25519MLKEM768 included, on the nginx it targets by
# default. Paths are relative to nginx's -p prefix so that they hold inside the root.
T="$SCRATCH/nginx"
nginx_stage "$T" "" localhost
# shellcheck disable=SC2016 # expanded by the sh inside the root
trixie-run "$T" sh -c 'nginx -e stderr -t -q -p "$PWD/" -c nginx.conf'
