#!/usr/bin/env bash
# `runform export` against a real runform-hub on SQLite seeded with simulated runners: a session
# to CSV, JSON and PDF (the PDF renders with pdftoppm), an athlete to CSV and JSON; and the
# mistakes, each with its exit code (2 bad input, 1 failure) and a message saying what to do:
# neither or both of --session/--athlete, an unknown session, an athlete PDF, a bad format,
# no TLS choice, a hub that is not there. A failed export leaves no file.
# The hub has accounts (issue 11): exports carry coach-cara's token (--token-file or
# $RUNFORM_TOKEN); no token, a bad token, and another coach's athlete or session (issue 12
# acceptance 3: zoe is coach-olga's) are refused saying so.
# Both files carry the whole verdict (fault verdicts with spans, hands-on-rails spans) and agree.
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
# Rows of a CSV's first table (frames, or an athlete's sessions): up to the first empty line.
first_table_rows() { awk '/^$/ {exit} {n++} END {print n - 1}' "$1"; }
[ "$(first_table_rows "$work/s.csv")" -eq 4270 ] || fail "the CSV does not hold every frame"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['format']=='runform-session' and len(d['frames'])==4270" \
  "$work/s.json" || fail "the JSON is not a whole session"
pdftoppm -png -r 40 "$work/s.pdf" "$work/page" || fail "pdftoppm cannot render the PDF"
[ -s "$work/page-1.png" ] && [ -s "$work/page-2.png" ] || fail "the PDF lacks pages"
"$runform" export --hub "$hub" --insecure-loopback "${tok[@]}" --athlete ana --format csv --out "$work/a.csv" --quiet || fail "athlete csv"
[ "$(first_table_rows "$work/a.csv")" -eq 5 ] || fail "ana has 5 sessions in the CSV"
RUNFORM_TOKEN=$(cat "$work/coach.token") "$runform" export --hub "$hub" --insecure-loopback --athlete ana --format json --out "$work/a.json" --quiet || fail "athlete json"
# The whole verdict is in both files, and they agree: every fault verdict (one developed late)
# with its spans, and the hands-on-rails spans, read from the JSON and from the CSV's tables.
python3 - "$work/s.json" "$work/s.csv" "$work/a.json" <<'PY' || fail "the exports do not carry the same verdict"
import csv, json, sys
summary = json.load(open(sys.argv[1]))["session"]["summary"]
verdicts = summary["fault_verdicts"]
assert verdicts and [v["metric"] for v in verdicts] == summary["faults"], verdicts
assert any(v["developed_late"] and v["spans"] for v in verdicts), "no late-developing fault with spans"
assert summary["holding_rails_spans"], "no hands-on-rails spans"
tables, table = [], []
for row in csv.reader(open(sys.argv[2], newline="")):
    if row: table.append(row)
    else: tables.append(table); table = []
tables.append(table)
assert [t[0][0] for t in tables] == ["seq", "session_id", "session_id", "session_id", "session_id"], [t[0][:2] for t in tables]
rows = lambda t: [dict(zip(t[0], r)) for r in t[1:]]
csv_verdicts = rows(tables[2])
assert [(r["metric"], r["basis"], float(r["share_of_running_strides"]), r["developed_late"] == "1") for r in csv_verdicts] == \
       [(v["metric"], v["basis"], v["share_of_running_strides"], v["developed_late"]) for v in verdicts]
spans = rows(tables[3])
assert [(int(r["start_us"]), int(r["end_us"])) for r in spans if r["span"] == "holding_rails"] == \
       [(s["start_us"], s["end_us"]) for s in summary["holding_rails_spans"]]
for v in verdicts:
    assert [(int(r["start_us"]), int(r["end_us"])) for r in spans if r["span"] == "fault" and r["metric"] == v["metric"]] == \
           [(s["start_us"], s["end_us"]) for s in v["spans"]], v["metric"]
athlete = json.load(open(sys.argv[3]))
tired = [s for s in athlete["sessions"] if s["session_id"] == "seed-ana_tired"][0]
assert tired["summary"]["fault_verdicts"] == verdicts and tired["summary"]["holding_rails_spans"] == summary["holding_rails_spans"]
PY

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
