#!/usr/bin/env bash
# The readable report as a person sees it: printed in an 80×100 tmux pane and captured from the
# screen (tmux capture-pane), it must look exactly like the text, with no line wrapped or cut and
# every character (°, —, ×) drawn. `runform demo` prints the same report.
# Usage: report_terminal_test.sh RUNFORM WORKDIR
set -euo pipefail
runform=$1
work=$2
. "$(dirname "$0")/cli_checks.sh"
command -v tmux > /dev/null || fail "tmux is missing: run deploy/install-deps.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# A runner who tires: faults that develop, cues, hands on the rails, drills.
"$runform" simulate --out t.jsonl --duration 90 --set shoulder_elevation_pct=5 --fatigue shoulder_elevation_pct:25:0.3 \
  --fatigue midline_crossing:0.3:0.4 --rails 40-46 --seed 5 2> /dev/null
"$runform" analyze t.jsonl --format text --height-cm 175 > report.txt
grep -q "cm" report.txt || fail "--height-cm gave no lengths in cm: $(cat report.txt)"
grep -q "Hands on the rails for" report.txt || fail "the report does not mention the rails"
grep -q "went from [0-9]*% to [0-9]*%" report.txt || fail "no from-to change in the report"

socket="runform-report-$$"
trap 'tmux -L "$socket" kill-server 2> /dev/null || true' EXIT
LANG=C.UTF-8 LC_ALL=C.UTF-8 tmux -L "$socket" -u -f /dev/null new-session -d -x 80 -y 100 \
  "cat '$work/report.txt'; tmux -L '$socket' wait-for -S shown; read -r _"
tmux -L "$socket" wait-for shown
tmux -L "$socket" capture-pane -p -t 0 > screen.txt
diff <(sed 's/ *$//' report.txt) <(sed 's/ *$//' screen.txt | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}') > screen.diff \
  || fail "the report looks different in an 80-column terminal:
$(cat screen.diff)"
python3 -c 'import sys; w = [l for l in open("report.txt", encoding="utf-8") if len(l.rstrip("\n")) > 80]; sys.exit(1 if w else 0)' \
  || fail "a report line is wider than 80 columns"
sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' screen.txt

# `runform demo` prints the same report; its developer diagnostics (pixel errors, inference
# times, LTTB) only with --verbose (cli_end_to_end checks those).
"$runform" demo > demo.txt 2> demo.err || fail "demo failed: $(cat demo.txt demo.err)"
grep -qx "RunForm: your run" demo.txt || fail "demo printed no report: $(cat demo.txt)"
grep -qx "What to work on" demo.txt || fail "the demo report has no 'What to work on'"
grep -q "^  ! " demo.txt || fail "the demo's tiring runner has nothing to work on: $(cat demo.txt)"
grep -q "^Camera check: a rendered runner went through the real pose pipeline and was tracked" demo.txt || fail "no camera summary"
grep -q "^Kiosk -> hub -> coach: the session was streamed to a local hub, stored, and read back" demo.txt || fail "no hub summary"
if grep -Eq "LTTB|px|inference|p50|p95" demo.txt; then fail "developer diagnostics without --verbose: $(grep -E 'LTTB|px|inference|p50|p95' demo.txt)"; fi
echo "report in an 80-column terminal: as printed"
