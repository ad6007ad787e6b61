#!/usr/bin/env bash
# Makes the club's certificate authority and the hub's TLS certificate, in one command:
#
#   deploy/make-club-certs.sh DIR [--host NAME]... [--ip ADDRESS]... [--days N] [--new-ca]
#
# DIR/ca.crt, ca.key   the club CA (made once, kept on later runs; ca.key never leaves this machine:
#                      keep it offline or root-only). Kiosks and coach tools trust ca.crt.
# DIR/hub.crt, hub.key the hub's certificate for every --host and --ip given (default: this
#                      machine's host name, localhost and 127.0.0.1), valid for N days (default 397).
#
# Rotation (see README "Certificates"): run the command again before hub.crt expires: a new hub key
# and certificate are made under the same CA; restart the hub (kiosks reconnect by themselves and
# trust it at once). To replace the CA itself, run with --new-ca; the old CA is kept as
# ca.crt.old: give kiosks "cat ca.crt ca.crt.old" as their CA file until all have the new one.
# --days accepts any integer; tests use a negative one for a certificate that has already expired.
set -euo pipefail

usage() { echo "usage: $0 DIR [--host NAME]... [--ip ADDRESS]... [--days N] [--new-ca]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
dir=$1; shift
hosts=(); ips=(); days=397; new_ca=0
ca_days=3650   # ten years: the CA is replaced on purpose, not by expiry
while [[ $# -gt 0 ]]; do
  case $1 in
    --host) [[ $# -ge 2 ]] || usage; hosts+=("$2"); shift 2 ;;
    --ip) [[ $# -ge 2 ]] || usage; ips+=("$2"); shift 2 ;;
    --days) [[ $# -ge 2 && $2 =~ ^-?[0-9]+$ ]] || usage; days=$2; shift 2 ;;
    --new-ca) new_ca=1; shift ;;
    *) usage ;;
  esac
done
if [[ ${#hosts[@]} -eq 0 && ${#ips[@]} -eq 0 ]]; then
  hosts=("$(hostname)" localhost); ips=(127.0.0.1)
fi
command -v openssl >/dev/null || { echo "$0: openssl is not installed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
cd "$dir"

if [[ $new_ca -eq 1 && -f ca.crt ]]; then
  mv ca.crt ca.crt.old
  mv ca.key ca.key.old
fi
if [[ ! -f ca.crt || ! -f ca.key ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
    -days "$ca_days" -subj "/O=RunForm club/CN=RunForm club CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
  echo "made the club CA: $dir/ca.crt (keep $dir/ca.key private)"
fi

san=""
for h in "${hosts[@]}"; do san+="${san:+,}DNS:$h"; done
for i in "${ips[@]}"; do san+="${san:+,}IP:$i"; done
extensions=$(mktemp)
trap 'rm -f "$extensions" hub.csr' EXIT
cat >"$extensions" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san
EXT
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout hub.key.new -out hub.csr \
  -subj "/O=RunForm club/CN=${hosts[0]:-${ips[0]}}" 2>/dev/null
openssl x509 -req -in hub.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -sha256 \
  -extfile "$extensions" -out hub.crt.new 2>/dev/null
mv hub.key.new hub.key
mv hub.crt.new hub.crt
chmod 644 ca.crt hub.crt
echo "made the hub certificate: $dir/hub.crt for $san, valid $days days ($(openssl x509 -in hub.crt -noout -enddate))"
