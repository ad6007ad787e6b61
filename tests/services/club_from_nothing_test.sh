#!/usr/bin/env bash
# Acceptance 7 of issue 11: the README's "club from nothing" block, run exactly as written (it is
# cut out of README.md between the club-from-nothing markers): a club CA, the first admin (its
# password on stdin, as a person would type it), a TLS hub, an enrolment code, a kiosk enrolled
# with it. Checks: the hub serves TLS, the kiosk is enrolled for treadmill-1 with an owner-only
# token file, and the password is in no file.
# Usage: club_from_nothing_test.sh REPO BUILD WORK
set -uo pipefail
repo=$1 build=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; [[ -n ${hub_pid:-} ]] && kill "$hub_pid" 2>/dev/null; exit 1; }

sed -n '/<!-- club-from-nothing:begin -->/,/<!-- club-from-nothing:end -->/p' "$repo/README.md" \
  | sed '1,2d;$d' | sed '$d' >"$work/steps.sh"
grep -q "create-admin" "$work/steps.sh" || fail "no steps found in README.md"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password="Club-Admin-Pw-$RANDOM-4e1a"
cd "$repo" || fail "no repository at $repo"
# The README's PATH line points at build/release; this build may be elsewhere.
export PATH="$build/services:$build/kiosk:$PATH"
export CLUB=$work/club PORT=$port
set +e
# shellcheck disable=SC1090  # the steps are the README's
source "$work/steps.sh" <<<"$password" >"$work/steps.out" 2>"$work/steps.err"
status=$?
hub_pid=$!
set -e
cat "$work/steps.out"
[[ $status -eq 0 ]] || fail "the README's steps failed ($status): $(cat "$work/steps.err")"
grep -q '"transport":"tls"' "$CLUB/hub.log" || fail "the hub is not serving TLS: $(cat "$CLUB/hub.log")"
grep -qE "^kiosk-1 +treadmill-1 .* -$" "$work/steps.out" || fail "kiosk-1 of treadmill-1 is not listed as enrolled"
[[ $(stat -c %a "$CLUB/kiosk.token") == 600 ]] || fail "the kiosk's token file is not owner-only"
if grep -rlaF "$password" "$work" >/dev/null; then fail "the admin password is in $(grep -rlaF "$password" "$work")"; fi
kill -TERM "$hub_pid" 2>/dev/null
wait "$hub_pid" 2>/dev/null
echo "PASS: a club from nothing to a TLS hub with one admin and one enrolled kiosk, as the README says"
