#!/usr/bin/env bash
# The demo's own local CA and TLS files, for a hub on this machine (localhost, 127.0.0.1):
#
#   deploy/demo-credentials.sh DIR
#
# Writes DIR/ca.crt, DIR/hub.crt, DIR/hub.key (via make-club-certs.sh; reused if they are still
# valid for a day) and two files a launcher can splice into command lines:
#   DIR/hub.flags     --tls-cert DIR/hub.crt --tls-key DIR/hub.key
#   DIR/client.env    RUNFORM_HUB_CA=DIR/ca.crt   (trust this CA; reach the hub as localhost:PORT)
# and prints both. Accounts and kiosk enrolment are not part of the hub yet (issue 11 notes).
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$(mkdir -p "$1" && cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if ! [[ -f "$dir/hub.crt" ]] || ! openssl x509 -in "$dir/hub.crt" -noout -checkend 86400 >/dev/null 2>&1; then
  "$here/make-club-certs.sh" "$dir" --host localhost --ip 127.0.0.1 --days 30 >/dev/null
fi
printf -- '--tls-cert %s --tls-key %s\n' "$dir/hub.crt" "$dir/hub.key" >"$dir/hub.flags"
printf 'RUNFORM_HUB_CA=%s\n' "$dir/ca.crt" >"$dir/client.env"
echo "hub flags:   $(cat "$dir/hub.flags")"
echo "client:      $(cat "$dir/client.env")  (connect to localhost:PORT)"
