#!/usr/bin/env bash
# The demo's own local CA, TLS files, first admin and enrolment code, for a hub on this machine
# (localhost, 127.0.0.1):
#
#   deploy/demo-credentials.sh DIR [HUB_BIN STORE]
#
# Writes DIR/ca.crt, DIR/hub.crt, DIR/hub.key (via make-club-certs.sh; reused if they are still
# valid for a day) and two files a launcher can splice into command lines:
#   DIR/hub.flags     --tls-cert DIR/hub.crt --tls-key DIR/hub.key
#   DIR/client.env    RUNFORM_HUB_CA=DIR/ca.crt   (trust this CA; reach the hub as localhost:PORT)
# With HUB_BIN (runform-hub) and STORE (sqlite:PATH or a postgresql:// URI) it also sets up the
# accounts side, as a club would with `runform-hub admin`:
#   - the first admin "demo-admin", if the store has none, with a fresh random password kept in
#     DIR/admin.password (owner-only; there is no default password);
#   - the demo kiosk "kiosk-1": any earlier credential of it revoked, and a fresh one-time
#     enrolment code for station "treadmill-1" in DIR/kiosk.code (valid 30 minutes).
set -euo pipefail
[[ $# -eq 1 || $# -eq 3 ]] || { echo "usage: $0 DIR [HUB_BIN STORE]" >&2; exit 2; }
dir=$(mkdir -p "$1" && cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if ! [[ -f "$dir/hub.crt" ]] || ! openssl x509 -in "$dir/hub.crt" -noout -checkend 86400 >/dev/null 2>&1; then
  "$here/make-club-certs.sh" "$dir" --host localhost --ip 127.0.0.1 --days 30 >/dev/null
fi
printf -- '--tls-cert %s --tls-key %s\n' "$dir/hub.crt" "$dir/hub.key" >"$dir/hub.flags"
printf 'RUNFORM_HUB_CA=%s\n' "$dir/ca.crt" >"$dir/client.env"
echo "hub flags:   $(cat "$dir/hub.flags")"
echo "client:      $(cat "$dir/client.env")  (connect to localhost:PORT)"
[[ $# -eq 3 ]] || exit 0

hub_bin=$2
store=$3
admin() { "$hub_bin" admin --store "$store" "$@"; }
if ! admin list-accounts | awk 'NR > 1 && $2 == "admin" { found = 1 } END { exit !found }'; then
  (umask 077 && openssl rand -base64 18 >"$dir/admin.password")
  admin create-admin --name demo-admin <"$dir/admin.password" >/dev/null
  echo "admin:       demo-admin (password in $dir/admin.password)"
fi
admin revoke-kiosk kiosk-1 >/dev/null 2>&1 || true  # a new demo run enrols the kiosk afresh
admin issue-enrolment-code --station treadmill-1 --valid-minutes 30 2>/dev/null >"$dir/kiosk.code"
echo "kiosk:       enrolment code for treadmill-1 in $dir/kiosk.code (works once, 30 minutes)"
