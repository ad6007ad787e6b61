#!/usr/bin/env bash
# The dashboard's Assessments panel (issue 14) under xvfb-run: a real runform-hub on SQLite, an
# assessment day put on it by assessment_seed (5 athletes done, one incomplete, one on a station
# now, faults), and runform-dashboard in a real OpenGL window opening the panel (key 7). Screenshots are checked for size and content; look at them
# in WORK/screenshots/.
# Usage: assessment_panel_xvfb_test.sh BUILD WORK
set -uo pipefail
build=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

# The club's accounts, as its admin makes them before the hub starts: staff "staff-sam" runs the
# day, coach "kim" reads their athletes' results, and the stations st-1 and st-2 get enrolment codes.
admin() { "$build/services/runform-hub" admin --store "sqlite:$work/hub.db" "$@"; }
(umask 077 && printf 'sam runs the day\n' > "$work/staff.password" && printf 'kim coaches u18\n' > "$work/coach.password")
admin create-account --name staff-sam --role staff < "$work/staff.password" > /dev/null || fail "no staff account"
admin create-account --name kim --role coach < "$work/coach.password" > /dev/null || fail "no coach account"
for station in st-1 st-2; do
  admin issue-enrolment-code --station "$station" --valid-minutes 60 2> /dev/null > "$work/code.$station" || fail "no code"
done

"$build/services/runform-hub" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback \
  --port-file "$work/hub.port" 2> "$work/hub.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/hub.port" ] && break; sleep 0.1; done
[ -s "$work/hub.port" ] || fail "the hub did not start: $(cat "$work/hub.log")"
hub=127.0.0.1:$(cat "$work/hub.port")
"$build/tests/assessment_seed" "$hub" "$work" staff-sam "$work/staff.password" > "$work/assessment.id" || fail "seeding the assessment failed"

# Staff: the board and results, then each export (waiting for its "exported:" line, not a time).
cat > "$work/dashboard.script" <<'D'
key 7
await ready 60
wait 2
screenshot assessments
click Results CSV
await exported:results-csv 30
click PDF pack
await exported:pdf-pack 60
click Badge sheet
await exported:badge-sheet 60
screenshot assessments-exported
click athlete:R102
await review-step:2 30
screenshot assessment-detail
click review-step:2
await ready 60
await scrubber 60
screenshot assessment-review
quit
D
# A coach: their athletes' results and their pack; no badge sheet (the roster is for staff).
cat > "$work/coach.script" <<'D'
key 7
await ready 60
wait 2
screenshot assessments
click PDF pack
await exported:pdf-pack 60
screenshot assessments-coach-pack
quit
D
# Staff (the whole board and every athlete), then coach kim (only kim's athletes, no board).
run_dashboard() {  # USER PASSWORD_FILE SHOT_DIR SCRIPT
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/dashboard/runform-dashboard" --hub "$hub" --insecure-loopback \
    --user "$1" --password-file "$2" --size 1920x1080 --screenshot-dir "$3" --script "$4" \
    --export-dir "$work/exports-$1" --exit-after 120 > "$work/dashboard-$1.log" 2>&1
  local status=$?
  cat "$work/dashboard-$1.log"
  [ $status -eq 0 ] || fail "the dashboard signed in as $1 exited with $status"
}
run_dashboard staff-sam "$work/staff.password" "$work/screenshots" "$work/dashboard.script"
run_dashboard kim "$work/coach.password" "$work/screenshots-coach" "$work/coach.script"
# The exports read back: 8 athletes in the CSV, the pack's group page and a page per athlete,
# one sheet of badges; the coach's pack holds only kim's athletes.
stem=$work/exports-staff-sam/2026-04-18-spring-squad-day
[ "$(wc -l < "$stem-results.csv")" -eq 9 ] || fail "the results CSV does not hold 8 athletes: $(cat "$stem-results.csv")"
pdftoppm -r 50 -png "$stem-pack.pdf" "$work/pack" || fail "the pack does not render"
[ "$(ls "$work"/pack-*.png | wc -l)" -eq 9 ] || fail "the pack does not have 9 pages"
pdftoppm -r 50 -png "$stem-badges.pdf" "$work/badges" || fail "the badge sheet does not render"
[ "$(ls "$work"/badges-*.png | wc -l)" -eq 1 ] || fail "the badge sheet is not one page"
pdftoppm -r 50 -png "$work/exports-kim/2026-04-18-spring-squad-day-pack.pdf" "$work/coach-pack" || fail "the coach's pack does not render"
[ "$(ls "$work"/coach-pack-*.png | wc -l)" -eq 5 ] || fail "the coach's pack is not the group page and kim's 4 athletes"

# Staff make a new day in the panel: the protocol editor (errors next to their fields first: no
# name, a speed of 45 km/h, a step without a duration; a bad step removed, one moved up), then
# its roster: one athlete by hand, a good CSV, then a bad CSV whose line is shown.
printf 'name,code,group,coach\nJon Ek,R301,U20,lee\nKai Mo,R302,U18,kim\n' > "$work/good-roster.csv"
printf 'name,code,group,coach\nLea Nu,R303,U18,kim\nMia Ro,,U20,lee\n' > "$work/bad-roster.csv"
cat > "$work/create.script" <<D
key 7
await ready 60
click New assessment
click Create assessment
await error:assessment-name 10
click assessment-name
type Summer trial
click assessment-date
type 2026-06-01
click assessment-stations
type st-1, st-2
click New protocol
click protocol-name
type Hill check
click Add step
click step-1-label
type Calibration
click step-1-duration
type 10
click step-1-kind
click Add step
click step-2-label
type Sprint
click step-2-duration
type 30
click step-2-speed
type 45
click Add step
click step-3-label
type Uphill
click step-3-view
click Create assessment
await error:step-2-speed 10
await error:step-3-duration 10
screenshot assessment-create-errors
click step-2-remove
click step-2-duration
type 60
click step-2-speed
type 12
click step-2-incline
type 3
click Add step
click step-3-label
type Front run
click step-3-duration
type 30
click step-3-up
screenshot assessment-create
click Create assessment
await created 30
await roster-csv-path 30
click athlete-name
type Ada Okafor
click athlete-code
type R101
click athlete-group
type U18
click athlete-coach
type kim
click Add athlete
await roster-added 30
click roster-csv-path
type $work/good-roster.csv
click Import CSV
await roster-imported 30
click roster-csv-path
type $work/bad-roster.csv
click Import CSV
await roster-error:line 3 30
wait 1
screenshot assessment-roster
click Board & results
click athlete:R101
await detail:R101 30
wait 1
screenshot assessment-detail-compare
quit
D
run_dashboard staff-sam "$work/staff.password" "$work/screenshots-create" "$work/create.script"
probe=$("$build/tests/assessment_probe" "$hub" staff-sam "$work/staff.password" "Summer trial") || fail "the new assessment is not on the hub"
echo "$probe"
expected='assessment Summer trial 2026-06-01 st-1,st-2 protocol Hill check
step 1 Calibration calibration 10 s front speed - incline -
step 2 Front run run 30 s front speed - incline -
step 3 Uphill run 60 s side speed 12 incline 3'
[ "$(echo "$probe" | grep -v '^athlete')" = "$expected" ] || fail "the hub holds another day or protocol than the panel made"
# Ada by hand (on the spring day too: her detail compares with it) and the good CSV's two; nobody from the bad CSV (its good first row neither).
roster='athlete R101 Ada Okafor|U18|kim
athlete R301 Jon Ek|U20|lee
athlete R302 Kai Mo|U18|kim'
[ "$(echo "$probe" | grep '^athlete' | sort)" = "$roster" ] || fail "the roster on the hub is not Ines and the good CSV's athletes"
for png in "$work/screenshots-create/assessment-create-errors.png" "$work/screenshots-create/assessment-create.png" \
           "$work/screenshots-create/assessment-roster.png" "$work/screenshots-create/assessment-detail-compare.png" \
           "$work/screenshots/assessment-detail.png" "$work/screenshots/assessment-review.png" \
           "$work/screenshots/assessments.png" "$work/screenshots/assessments-exported.png" \
           "$work/screenshots-coach/assessments.png" "$work/screenshots-coach/assessments-coach-pack.png"; do
  [ -s "$png" ] || fail "no screenshot $png"
  [ "$(identify -format '%wx%h' "$png")" = 1920x1080 ] || fail "$png is not 1920x1080"
  colours=$(identify -format '%k' "$png")
  [ "$colours" -gt 50 ] || fail "$png has only $colours colours: blank?"
done
echo "assessment panel screenshots in $work/screenshots"
