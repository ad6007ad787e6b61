#!/usr/bin/env bash
# runform-hub admin, end to end on the real binary, and acceptance 4's "passwords never appear in
# logs or the database": the first admin is made from stdin (no default password), a second
# create-admin is refused, accounts, assignments and enrolment codes are made, a kiosk is revoked,
# the audit log lists it all and names no athlete; a hub starts on the database. Then every file
# the hub and the command line wrote — database, WAL, logs, outputs — is grepped for the
# passwords. (Sign-ins over the wire, grepped the same way: hub_credentials_tests.)
set -euo pipefail
hub_bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
store="sqlite:$work/hub.db"
admin_pw="Admin-Pw-$RANDOM-distinctive-9f3c"
coach_pw="Coach-Pw-$RANDOM-distinctive-2b7d"
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$hub_bin" admin --store "$store" "$@" >>"$work/cli.out" 2>>"$work/cli.err"; }

# No admin yet: create one from stdin; a second create-admin is refused.
printf '%s\n' "$admin_pw" | run create-admin --name head-admin || fail "create-admin failed: $(cat "$work/cli.err")"
if printf '%s\n' "$admin_pw" | run create-admin --name second-admin; then fail "a second first admin was made"; fi
grep -q "already has an admin" "$work/cli.err" || fail "the refusal does not say why"
# Too short a password is refused and nothing is made.
if printf 'short\n' | run create-account --name weak --role coach; then fail "a 5-character password was taken"; fi
printf '%s\n' "$coach_pw" | run create-account --name coach-ana --role coach || fail "create-account failed"
if printf '%s\n' "$coach_pw" | run create-account --name x --role janitor; then fail "an unknown role was taken"; fi
run assign-athlete --coach coach-ana --athlete ath-77 || fail "assign-athlete failed"
if run assign-athlete --coach head-admin --athlete ath-77; then fail "an admin was assigned as a coach"; fi
code=$("$hub_bin" admin --store "$store" issue-enrolment-code --station treadmill-9 --valid-minutes 5 2>>"$work/cli.err")
[[ $code =~ ^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$ ]] || fail "not an enrolment code: '$code'"
if run revoke-kiosk no-such-kiosk; then fail "revoking an unknown kiosk succeeded"; fi
run list-accounts || fail "list-accounts failed"
grep -q "coach-ana *coach *1" "$work/cli.out" || fail "list-accounts does not show coach-ana with 1 athlete: $(cat "$work/cli.out")"
run list-kiosks || fail "list-kiosks failed"

# A hub starts on this database (at debug log level, the most it ever writes).
"$hub_bin" --address 127.0.0.1:0 --insecure-loopback --store "$store" --port-file "$work/hub.port" \
  --log-level debug 2>"$work/hub.log" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do [[ -s "$work/hub.port" ]] && break; sleep 0.05; done
[[ -s "$work/hub.port" ]] || fail "the hub did not start: $(cat "$work/hub.log")"
kill -TERM $hub_pid
wait $hub_pid || true

run audit || fail "audit failed"
for event in account_created athlete_assigned enrolment_code_issued; do
  grep -q "$event" "$work/cli.out" || fail "the audit log has no $event: $(cat "$work/cli.out")"
done
audit_lines=$(sed -n '/^ID /,$p' "$work/cli.out")
if grep -q "ath-77" <<<"$audit_lines"; then fail "an athlete id is in the audit log"; fi

# The passwords are nowhere: not in the database (and its WAL), the hub's log, or any output.
for pw in "$admin_pw" "$coach_pw"; do
  if grep -rlaF "$pw" "$work" >/dev/null; then fail "a password appears in $(grep -rlaF "$pw" "$work")"; fi
done
sqlite3_hash=$(grep -caF '$argon2id$' "$work/hub.db" || true)
[[ $sqlite3_hash -ge 1 ]] || fail "no argon2id hash stored"
echo "runform-hub admin: ok (first admin from stdin, refusals, codes, audit; passwords in no file)"
