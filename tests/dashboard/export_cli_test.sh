#!/usr/bin/env bash
# `runform export` against a real runform-hub on SQLite seeded with simulated runners: a session
# to CSV, JSON and PDF (the PDF renders with pdftoppm), an athlete to CSV and JSON; and the
# mistakes, each with its exit code (2 bad input, 1 failure) and a message saying what to do:
# neither or both of --session/--athlete, an unknown session, an athlete PDF, a bad format,
# no TLS choice, a hub that is not there. A failed export leaves no file.
# The hub has accounts (issue 11): exports carry coach-cara's token (--token-file or
# $RUNFORM_TOKEN); no token, a bad token, and another coach's athlete or session (issue 12
# acceptance 3: zoe is coach-olga's) are refused saying so.
# Usage: export_cli_test.sh BUILD WORK
set -uo pipefail
build=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
# shellcheck source=tests/dashboard/seed_club.sh
source "$(dirname "$0")/seed_club.sh"
seed_club "$build/services/runform-hub" "sqlite:$work/hub.db" "$work" || fail "setting up the club's accounts failed"
"$build/services/runform-hub" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback \
  --port-file "$work/hub.port" 2> "$work/hub.log" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null; wait $hub_pid 2>/dev/null' EXIT
for _ in $(seq 1 100); do [ -s "$work/hub.port" ] && break; sleep 0.1; done
hub=127.0.0.1:$(cat "$work/hub.port")
"$build/tests/dashboard_seed" --hub "$hub" --manifest "$work/manifest.txt" --hour-minutes 2 \
  --enrolment-code "station-1=$(cat "$work/code.station-1")" --enrolment-code "station-2=$(cat "$work/code.station-2")" \
  --sign-in coach-cara --password-file "$work/coach.password" --token-out "$work/coach.token" > /dev/null || fail "seeding failed"
[ -s "$work/coach.token" ] || fail "the coach could not sign in"
tok=(--token-file "$work/coach.token")
runform=$build/tools/runform

for format in csv json pdf; do
  "$runform" export --hub "$hub" --insecure-loopback "${tok[@]}" --session seed-ana_tired --format "$format" --out "$work/s.$format" \
    2> "$work/progress.$format" || fail "session $format export failed: $(cat "$work/progress.$format")"
  [ -s "$work/s.$format" ] || fail "no $format file"
done
grep -q "100% done" "$work/progress.csv" || fail "no progress shown: $(cat "$work/progress.csv")"
[ "$(($(wc -l < "$work/s.csv") - 1))" -eq 4270 ] || fail "the CSV does not hold every frame"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['format']=='runform-session' and len(d['frames'])==4270" \
  "$work/s.json" || fail "the JSON is not a whole session"
pdftoppm -png -r 40 "$work/s.pdf" "$work/page" || fail "pdftoppm cannot render the PDF"
[ -s "$work/page-1.png" ] && [ -s "$work/page-2.png" ] || fail "the PDF lacks pages"
"$runform" export --hub "$hub" --insecure-loopback "${tok[@]}" --athlete ana --format csv --out "$work/a.csv" --quiet || fail "athlete csv"
[ "$(($(wc -l < "$work/a.csv") - 1))" -eq 5 ] || fail "ana has 5 sessions in the CSV"
RUNFORM_TOKEN=$(cat "$work/coach.token") "$runform" export --hub "$hub" --insecure-loopback --athlete ana --format json --out "$work/a.json" --quiet || fail "athlete json"

expect() {  # expect CODE TEXT ARGS…
  local code=$1 text=$2
  shift 2
  out=$("$runform" export "$@" 2>&1)
  got=$?
  [ "$got" -eq "$code" ] || fail "'$*' exited $got, not $code: $out"
  grep -qF -- "$text" <<<"$out" || fail "'$*' did not say '$text': $out"
}
expect 2 "give --session ID or --athlete ID" --hub "$hub" --insecure-loopback "${tok[@]}" --out "$work/x.csv"
expect 2 "excludes" --hub "$hub" --insecure-loopback "${tok[@]}" --session a --athlete b --out "$work/x.csv"
expect 2 "unknown session 'nope'" --hub "$hub" --insecure-loopback "${tok[@]}" --session nope --out "$work/x.csv"
expect 2 "per session" --hub "$hub" --insecure-loopback "${tok[@]}" --athlete ana --format pdf --out "$work/x.pdf"
expect 2 "--format" --hub "$hub" --insecure-loopback "${tok[@]}" --session seed-ana_tired --format xml --out "$work/x.xml"
expect 2 "--hub-ca" --hub "$hub" --session seed-ana_tired --out "$work/x.csv"
expect 2 "no athlete 'nobody'" --hub "$hub" --insecure-loopback "${tok[@]}" --athlete nobody --out "$work/x.csv"
expect 1 "not reachable" --hub 127.0.0.1:1 --insecure-loopback "${tok[@]}" --session seed-ana_tired --out "$work/x.csv"
# Issue 12 acceptance 3: another coach's athlete and session are refused, naming why.
expect 2 "zoe" --hub "$hub" --insecure-loopback "${tok[@]}" --athlete zoe --out "$work/x.csv"
expect 2 "seed-other_coach" --hub "$hub" --insecure-loopback "${tok[@]}" --session seed-other_coach --out "$work/x.csv"
# Without a token, or with one the hub never issued: told to sign in.
expect 2 "sign in" --hub "$hub" --insecure-loopback --session seed-ana_tired --out "$work/x.csv"
echo not-a-token > "$work/bad.token"
expect 2 "sign in" --hub "$hub" --insecure-loopback --token-file "$work/bad.token" --session seed-ana_tired --out "$work/x.csv"
ls "$work"/x.* 2>/dev/null && fail "a failed export left a file"
echo "PASS: runform export"
