#!/usr/bin/env bash
# Acceptance 1 of issue 12, under xvfb-run: a real runform-hub on SQLite seeded with simulated
# runners (several sessions of one athlete, a tiring runner with faults, an hour-long session of
# 108,000 frames, and an athlete of another coach), a demo kiosk streaming to it (headless,
# the synthetic runner through the marker model), and runform-dashboard in a real OpenGL window
# driven by a script: live wall (the kiosk's station, enlarged) → athletes → session review of
# the hour-long session (worst moment, zoom) → compare → trends → exports (PDF, CSV, JSON),
# with a screenshot of each. Checks the screenshots (size, not blank), the exports (the PDF
# renders with pdftoppm, the CSV has every frame) and the frame times printed.
# The hub has accounts (issue 11): the script signs in on the dashboard's sign-in screen as coach
# coach-cara (tests/dashboard/seed_club.sh), typing the account and password like a person, and
# the kiosk and the seeder upload as kiosks enrolled with one-time codes.
# Usage: dashboard_end_to_end_test.sh REPO BUILD WORK
set -uo pipefail
repo=$1 build=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT
# shellcheck source=tests/dashboard/seed_club.sh
source "$repo/tests/dashboard/seed_club.sh"
seed_club "$build/services/runform-hub" "sqlite:$work/hub.db" "$work" || fail "setting up the club's accounts failed"

"$build/services/runform-hub" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback \
  --port-file "$work/hub.port" 2> "$work/hub.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/hub.port" ] && break; sleep 0.1; done
[ -s "$work/hub.port" ] || fail "the hub did not start: $(cat "$work/hub.log")"
hub=127.0.0.1:$(cat "$work/hub.port")

"$build/tests/dashboard_seed" --hub "$hub" --manifest "$work/manifest.txt" \
  --enrolment-code "station-1=$(cat "$work/code.station-1")" --enrolment-code "station-2=$(cat "$work/code.station-2")" || fail "seeding the hub failed"
grep -q "^ana_hour seed-hour$" "$work/manifest.txt" || fail "no hour-long session seeded"

# The demo kiosk, headless, checked in as athlete 4711 and running until the dashboard is done.
cat > "$work/kiosk.script" <<'K'
await attract
tap Start
await checkin
type 4711
tap Check in
await setup 60
tap Start calibration
await calibration
await running 90
wait 600
quit
K
RUNFORM_MODELS="$work/models" "$build/kiosk/runform-kiosk" --demo --demo-minutes 10 --headless --voice off \
  --hub "$hub" --enrolment-code "$(cat "$work/code.treadmill-1")" --token-file "$work/kiosk.token" \
  --spool "$work/spool.db" --script "$work/kiosk.script" --exit-after 700 > "$work/kiosk.log" 2>&1 &
pids+=($!)

cat > "$work/dashboard.script" <<'D'
await user 30
click user
type coach-cara
click password
type cara runs the club
screenshot 0-sign-in
click Sign in
await station:treadmill-1 180
wait 15
screenshot 1-live-wall
click station:treadmill-1
wait 1
screenshot 2-live-wall-enlarged
click station:treadmill-1
key 2
await ready 60
click athlete:ana
click compare-b:seed-ana_baseline
wait 1
screenshot 3-athletes
click review:seed-hour
await ready 60
wait 1
screenshot 4-review-hour-long
key w
key +
key +
key +
key +
await ready 60
wait 2
screenshot 5-review-zoomed
key 2
await ready 60
click review:seed-ana_tired
await ready 60
key 4
await ready 60
click compare scrubber@0.6
wait 1
screenshot 6-compare
key 5
await ready 60
click metric:shoulders.elevation_pct
await ready 60
screenshot 7-trends
key 6
click Session PDF report
await ready 120
click Session CSV
await ready 120
click Session JSON
await ready 120
click Athlete CSV
await ready 120
screenshot 8-export
quit
D
xvfb-run -a -s "-screen 0 1920x1080x24" "$build/dashboard/runform-dashboard" --hub "$hub" --insecure-loopback \
  --size 1920x1080 --screenshot-dir "$work/screenshots" --export-dir "$work/exports" \
  --script "$work/dashboard.script" --exit-after 600 --stats > "$work/dashboard.log" 2>&1
status=$?
cat "$work/dashboard.log"
[ $status -eq 0 ] || fail "the dashboard exited with $status"

for shot in 0-sign-in 1-live-wall 2-live-wall-enlarged 3-athletes 4-review-hour-long 5-review-zoomed 6-compare 7-trends 8-export; do
  png=$work/screenshots/$shot.png
  [ -s "$png" ] || fail "no screenshot $shot"
  [ "$(identify -format '%wx%h' "$png")" = 1920x1080 ] || fail "$png is not 1920x1080"
  colours=$(identify -format '%k' "$png")
  [ "$colours" -gt 50 ] || fail "$png has only $colours colours: blank?"
done
pdf=$work/exports/session-seed-ana_tired.pdf
[ -s "$pdf" ] || fail "no PDF report"
pdftoppm -png -r 50 "$pdf" "$work/pdf-page" || fail "pdftoppm cannot render $pdf"
[ "$(ls "$work"/pdf-page-*.png | wc -l)" -ge 2 ] || fail "the PDF has fewer than 2 pages"
# The frames table is the CSV's first table: its rows up to the first empty line, less the header.
frames=$(awk '/^$/ {exit} {n++} END {print n - 1}' "$work/exports/session-seed-ana_tired.csv")
[ "$frames" -eq 4270 ] || fail "the CSV has $frames frames, not 4270"
[ -s "$work/exports/session-seed-ana_tired.json" ] || fail "no JSON export"
[ -s "$work/exports/athlete-ana.csv" ] || fail "no athlete CSV"
grep -q "frame time p50" "$work/dashboard.log" || fail "no frame times printed"
echo "PASS: dashboard tour, screenshots in $work/screenshots, exports in $work/exports"
