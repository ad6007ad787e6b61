#!/usr/bin/env bash
# deploy/demo-credentials.sh: the flags it writes start a real runform-hub over TLS, and a TLS
# client trusting its ca.crt verifies the hub as localhost (openssl s_client, ALPN h2); the same
# client trusting another CA is refused; the hub without TLS flags refuses to start.
set -euo pipefail
hub_bin=$1
deploy=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
"$deploy/demo-credentials.sh" "$work/creds" >/dev/null
"$deploy/make-club-certs.sh" "$work/other" --host localhost >/dev/null

if "$hub_bin" --address 127.0.0.1:0 --store "sqlite:$work/refused.db" 2>"$work/refused.log"; then
  echo "FAIL: the hub started without TLS or --insecure-loopback" >&2; exit 1
fi
grep -q -- "--insecure-loopback" "$work/refused.log" || { echo "FAIL: refusal does not say what to do" >&2; exit 1; }

# shellcheck disable=SC2046  # the flags file holds several words on purpose
"$hub_bin" --address 127.0.0.1:0 --store "sqlite:$work/hub.db" --port-file "$work/hub.port" --log-level warn \
  $(cat "$work/creds/hub.flags") 2>"$work/hub.log" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do [[ -s "$work/hub.port" ]] && break; sleep 0.05; done
port=$(cat "$work/hub.port")

handshake() {  # $1: CA file; prints openssl's verdict
  openssl s_client -connect "127.0.0.1:$port" -servername localhost -verify_hostname localhost -alpn h2 \
    -CAfile "$1" -verify_return_error </dev/null 2>&1 | grep -aE "Verify return code" | head -1
}
good=$(handshake "$work/creds/ca.crt")
[[ $good == *"0 (ok)"* ]] || { echo "FAIL: the demo CA does not verify the hub: $good" >&2; exit 1; }
bad=$(handshake "$work/other/ca.crt" || true)
[[ $bad != *"0 (ok)"* ]] || { echo "FAIL: another CA verified the hub" >&2; exit 1; }
echo "demo credentials: ok (hub on TLS port $port verified as localhost; another CA refused)"
