# Shell functions for the `verify:` checks of every component: scaffold prepends this file to each
# check's script, so a stand-in certificate or a live scan is written once.

# answer KEY: one answer from scaffold.yaml: `answer domain`, `answer tls.profile` (top level or one
# level down; the file is scaffold's own normalised output).
answer() {
  case "$1" in
    *.*) sed -n "/^${1%%.*}:/,/^[^ ]/s/^  ${1#*.}: //p" scaffold.yaml | head -1 | tr -d "'\"" ;;
    *) sed -n "s/^$1: //p" scaffold.yaml | head -1 | tr -d "'\"" ;;
  esac
}

# ver X.Y.Z: the version as one comparable number.
ver() { printf '%s\n' "$1" | awk -F. '{printf "%d%03d%03d\n", $1, $2, $3}'; }

# test_ca DIR NAME...: a throwaway CA and an ECDSA P-256 leaf for the NAMEs (the first is the CN):
# DIR/ca.pem, DIR/leaf.key, DIR/leaf.pem, DIR/chain.pem (leaf then CA).
test_ca() {
  local dir=$1 san
  shift
  san=$(printf 'DNS:%s,' "$@")
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 2 \
    -subj /CN=scaffold-test-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/leaf.key" -out "$dir/leaf.csr" -subj "/CN=$1" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "${san%,}" >"$dir/leaf.ext"
  openssl x509 -req -in "$dir/leaf.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -out "$dir/leaf.pem" -days 2 \
    -extfile "$dir/leaf.ext" 2>/dev/null
  cat "$dir/leaf.pem" "$dir/ca.pem" >"$dir/chain.pem"
}

# live_tls_scan CA_PEM HOST SIGNAL SERVER-COMMAND: starts the server in a private network namespace
# (nothing can leave the machine), scans HOST on 127.0.0.1:18443 with sslyze against the answered
# Mozilla profile, stops the server with SIGNAL and returns sslyze's verdict.
live_tls_scan() {
  local ca=$1 host=$2 signal=$3
  shift 3
  cat >"$SCRATCH/live.sh" <<SH
ip link set lo up
$* &
pid=\$!
sleep 2
sslyze --quiet --mozilla_config="$(answer tls.profile)" --certinfo_ca_file "$ca" "$host:18443{127.0.0.1}"
rc=\$?
kill -$signal \$pid
wait \$pid
exit \$rc
SH
  if [ "$(id -u)" = 0 ]; then unshare -n bash "$SCRATCH/live.sh"; else unshare -rn bash "$SCRATCH/live.sh"; fi
}

# nginx_stage DIR PREFIX CN: a copy of nginx/ in DIR, with a test CA (test_ca DIR CN) standing in
# at every ssl_certificate / ssl_certificate_key path, and the absolute runtime paths (certificates,
# pid, caches) moved under PREFIX: DIR's own path, or "" for paths relative to nginx's -p prefix
# when the check runs inside another root.
nginx_stage() {
  local dir=$1 prefix=$2 directive path dest
  mkdir -p "$dir/cache"
  cp -r nginx/. "$dir/"
  [ -f "$dir/mime.types" ] || cp /etc/nginx/mime.types "$dir/mime.types"
  test_ca "$dir" "$3"
  grep -rhoE 'ssl_certificate(_key)? +[^;]+' "$dir/nginx.conf" "$dir/sites" "$dir/snippets" | awk '{print $1, $2}' | sort -u |
    while read -r directive path; do
      case "$path" in /*) dest="$dir/abs$path" ;; *) dest="$dir/$path" ;; esac
      mkdir -p "$(dirname "$dest")"
      if [ "$directive" = ssl_certificate ]; then cp "$dir/chain.pem" "$dest"; else cp "$dir/leaf.key" "$dest"; fi
    done
  find "$dir" -name '*.conf' -exec sed -i -e "s#/etc/letsencrypt/#${prefix}abs/etc/letsencrypt/#g" \
    -e "s#/tmp/nginx.pid#${prefix}nginx.pid#" -e "s#/var/cache/nginx/#${prefix}cache/#g" {} +
}
