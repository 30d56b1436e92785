# shellcheck shell=bash
# A copy under $SCRATCH (nginx_stage: stand-in certificates, runtime paths inside the copy).
# Upstreams are `proxy_pass $var` + resolver, so no host name is resolved at load time.
T="$SCRATCH/nginx"
nginx_stage "$T" "$T/" localhost
# An nginx/OpenSSL older than the target cannot parse `http2 on` (1.25.1) or X25519MLKEM768
# (OpenSSL 3.5): check the equivalent older form and say so. The check below runs the target.
nginx_local "$T"
nginx -e stderr -t -q -p "$T/" -c nginx.conf
