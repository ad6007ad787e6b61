#!/usr/bin/env bash
# The assessment board seen with a kiosk streaming (issue 14, "Run the day"), to look at: a real
# runform-hub, the day seeded by assessment_seed (st-1 and st-2 enrolled; Gustav left checked in on
# st-2), a real runform-kiosk --assessment in demo mode enrolled for st-3 taking Hana (R108) by her
# badge through the calibration into the front-view step, and the staff dashboard under xvfb-run:
# WORK/dshots/board-live.png while Hana runs (her head/shoulders/arms scores, "live now"), then the
# kiosk quits mid-step and WORK/dshots/board-offline.png 140 s later shows st-2 and st-3 "offline?"
# with their problems in words. About 3 minutes; not in CTest (AssessmentBoardApp tests the same
# headless, on an injected clock).
# Usage: assessment_board_look.sh BUILD WORK
set -uo pipefail
build=$1 work=$2
rm -rf "$work"; mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT
admin() { "$build/services/runform-hub" admin --store "sqlite:$work/hub.db" "$@"; }
(umask 077 && printf 'sam runs the day\n' > "$work/staff.password")
admin create-account --name staff-sam --role staff < "$work/staff.password" > /dev/null
for station in st-1 st-2 st-3; do
  admin issue-enrolment-code --station "$station" --valid-minutes 60 2> /dev/null > "$work/code.$station"
done
"$build/services/runform-hub" --store "sqlite:$work/hub.db" --address 127.0.0.1:0 --insecure-loopback \
  --port-file "$work/hub.port" 2> "$work/hub.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/hub.port" ] && break; sleep 0.1; done
[ -s "$work/hub.port" ] || { echo "the hub did not start: $(cat "$work/hub.log")"; exit 1; }
hub=127.0.0.1:$(cat "$work/hub.port")
"$build/tests/assessment_seed" "$hub" "$work" staff-sam "$work/staff.password" > "$work/assessment.id" || exit 1
id=$(cat "$work/assessment.id")
cat > "$work/kiosk.script" <<K
await assessment-checkin 60
badge runform-assessment:$id:R108
await assessment-instructions 30
unbadge
tap Start the step
await assessment-step 10
await assessment-instructions 30
tap Start the step
await assessment-step 10
wait 20
screenshot kiosk-front-running
quit
K
RUNFORM_MODELS=$work/models xvfb-run -a -s '-screen 0 1920x1080x24' $build/kiosk/runform-kiosk --demo --demo-minutes 10 --voice off \
  --windowed --size 1920x1080 --hub $hub --enrolment-code "$(cat $work/code.st-3)" --token-file $work/kiosk.token --spool $work/spool.db \
  --assessment $id --script $work/kiosk.script --screenshot-dir $work/kshots --exit-after 200 > $work/kiosk.log 2>&1 &
kpid=$!
cat > "$work/dashboard.script" <<'D'
key 7
await ready 60
wait 18
screenshot board-live
wait 140
screenshot board-offline
quit
D
xvfb-run -a -s "-screen 0 1920x1080x24" "$build/dashboard/runform-dashboard" --hub "$hub" --insecure-loopback \
    --user staff-sam --password-file $work/staff.password --size 1920x1080 --screenshot-dir $work/dshots --script $work/dashboard.script \
    --export-dir "$work/exports" --exit-after 240 > "$work/dashboard.log" 2>&1
dashboard_status=$?
wait $kpid
kiosk_status=$?
echo "dashboard exit $dashboard_status, kiosk exit $kiosk_status; look at $work/dshots/board-live.png and board-offline.png"
[ $dashboard_status -eq 0 ] && [ $kiosk_status -eq 0 ]
