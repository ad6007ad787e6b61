#!/usr/bin/env bash
# The command-line conventions of every RunForm program (runform, runform-hub, runform-loadgen):
# --version and help; a suggestion for a typo; exit 0 on success, 2 for a usage error or bad
# input, 1 for a failure while running; errors that start with the program's name and name the
# flag the person typed, with its range in plain numbers; flags that do not apply are refused.
# Usage: cli_conventions_test.sh RUNFORM RUNFORM_HUB RUNFORM_LOADGEN WORKDIR
set -euo pipefail
runform=$1
hub=$2
loadgen=$3
work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE "exact first line of stderr, or '' for none" PROGRAM ARGS...: the exit code and
# the whole first error line (not a fragment).
expect() {
  local code=$1 line=$2; shift 2
  set +e
  "$@" > out.txt 2> err.txt
  local got=$?
  set -e
  [ "$got" -eq "$code" ] || fail "'$*' exited $got, expected $code; stderr: $(cat err.txt)"
  local first
  first=$(head -1 err.txt)
  [ "$first" = "$line" ] || fail "'$*' said: '$first'
expected:     '$line'"
}

for program in "$runform" "$hub" "$loadgen"; do
  name=$(basename "$program")
  expect 0 "" "$program" --version
  grep -qx "$name 0\.[0-9]*\.[0-9]*" out.txt || fail "$name --version printed: $(cat out.txt)"
  expect 0 "" "$program" help
  grep -q "Exit codes: 0" out.txt || fail "$name help does not explain its exit codes: $(cat out.txt)"
  expect 0 "" "$program" --help
  grep -q "Options:" out.txt || fail "$name --help printed no options"
done

# runform: commands, typos, help for one command.
expect 0 "" "$runform" version
expect 2 "runform: unknown command 'demoo'. Did you mean 'demo'?" "$runform" demoo
expect 2 "runform: unknown command 'analyse'. Did you mean 'analyze'?" "$runform" analyse
expect 2 "runform: unknown command 'frobnicate'." "$runform" frobnicate
expect 2 "runform: name a command: simulate, analyze, record, prepare-model, demo, export, assessment or spool." "$runform"
expect 2 "runform spool: no spool at nowhere.db: give the kiosk's spool file with --spool" "$runform" spool list --spool nowhere.db
expect 2 "runform: action: lst not in {list,retry}" "$runform" spool lst --spool nowhere.db
expect 0 "" "$runform" help analyze
grep -q -- "--height-cm" out.txt || fail "runform help analyze lists no --height-cm"
expect 2 "runform: no command named 'anlyze'. Did you mean 'analyze'? Run 'runform help'." "$runform" help anlyze
expect 2 "runform: unknown option --zoen for 'runform analyze'. Did you mean '--zone'?" "$runform" analyze t.jsonl --zoen 1

# Flag names and plain ranges, never internal names.
expect 2 "runform: --duration: must be 10–21600 s, got 0" "$runform" simulate --out x.jsonl --duration 0
expect 2 "runform: --drop: must be 0–0.5, got 1.5" "$runform" simulate --out x.jsonl --drop 1.5
expect 2 "runform: --noise: expects a number (0–0.2), got 'lots'" "$runform" simulate --out x.jsonl --noise lots
expect 2 "runform: --height-cm: must be 100–230 cm, got 80" "$runform" analyze t.jsonl --height-cm 80
expect 2 "runform: --baseline-seconds: must be 0.5–30 s, got 0" "$runform" analyze t.jsonl --baseline-seconds 0
expect 2 "runform: --set shoulder_elevation=25: no runner parameter 'shoulder_elevation'. Did you mean 'shoulder_elevation_pct'? Run 'runform simulate --list-params' for every name, its unit and default." \
  "$runform" simulate --out x.jsonl --set shoulder_elevation=25
expect 2 "runform: --set cadence_spm=20: cadence_spm must be within 100–260" "$runform" simulate --out x.jsonl --set cadence_spm=20
expect 2 "runform: --fatigue wings:2: no runner parameter 'wings'. Run 'runform simulate --list-params' for every name, its unit and default." \
  "$runform" simulate --out x.jsonl --fatigue wings:2
expect 2 "runform: simulate needs --out TRACK.jsonl (or --list-params)" "$runform" simulate
expect 2 "runform: cannot write --out no/such/folder/t.jsonl: check that the folder exists and is writable" \
  "$runform" simulate --out no/such/folder/t.jsonl

# --list-params: every runner parameter with its default and unit; --help shows defaults.
expect 0 "" "$runform" simulate --list-params
grep -Eq '^shoulder_elevation_pct +0 +% ' out.txt || fail "--list-params lacks shoulder_elevation_pct: $(cat out.txt)"
grep -Eq '^cadence_spm +172 +steps/min ' out.txt || fail "--list-params lacks cadence_spm's default and unit"
[ "$(grep -c '^[a-z_]* ' out.txt)" -ge 22 ] || fail "--list-params lists $(grep -c '^[a-z_]* ' out.txt) parameters"
expect 0 "" "$runform" simulate --help
grep -Eq -- '--duration .*=60' out.txt || fail "simulate --help shows no default for --duration: $(cat out.txt)"
grep -Eq -- '--drop .*=0.05' out.txt || fail "simulate --help shows no default for --drop"

# Flags that do not apply are refused, not ignored.
"$runform" simulate --out t.jsonl --duration 20 --seed 2 2> /dev/null
expect 2 "runform: --zone requires --video" "$runform" analyze t.jsonl --zone 1,2,3,4
expect 2 "runform: --model requires --video" "$runform" analyze t.jsonl --model synthetic-markers
expect 2 "runform: --annotate requires --video" "$runform" analyze t.jsonl --annotate a.mp4
expect 2 "runform: --plain requires --render" "$runform" simulate --out x.jsonl --plain
expect 2 "runform: --heads requires --movenet" "$runform" prepare-model --heads a,b,c,d
expect 2 "runform: unexpected argument 'u.jsonl' for 'runform analyze'" "$runform" analyze t.jsonl u.jsonl

# Exit 0 on success, 2 on bad input, 1 on a failure while running (a full disk).
expect 0 "" "$runform" analyze t.jsonl --out result.json
printf '\xEF\xBB\xBF' | cat - t.jsonl > bom.jsonl
expect 0 "" "$runform" analyze bom.jsonl --out bom.json
cmp -s result.json bom.json || fail "a byte-order mark changed the analysis"
{ head -1 t.jsonl; echo "{\"t\":0,\"keypoints\":[[-5000,1,1]$(printf ',[1,2,0.5]%.0s' $(seq 16))]}"; } > far.jsonl
expect 2 "runform: far.jsonl: line 2: keypoint 0 at (-5000, 1) px lies outside the 640×480 image (by more than 25% of its size)" \
  "$runform" analyze far.jsonl
mkdir -p a_folder
expect 2 "runform: a_folder is a folder: give a .jsonl track file (or --video FOLDER for a folder of images)" "$runform" analyze a_folder
if [ -w /dev/full ]; then
  expect 1 "runform: writing /dev/full failed (disk full?)" "$runform" simulate --out /dev/full --duration 10
fi

# runform-hub.
expect 2 "runform-hub: unknown option --adress. Did you mean '--address'?" "$hub" --adress 127.0.0.1:0
expect 2 "runform-hub: --store must be sqlite:PATH (e.g. sqlite:hub.db) or a postgresql:// URI, got 'hub.db'" "$hub" --store hub.db
expect 2 "runform-hub: unexpected argument 'hepl'. Did you mean 'help'?" "$hub" hepl
expect 2 "runform-hub: --log-level must be one of trace, debug, info, warn, error" "$hub" --log-level loud
expect 2 "runform-hub: --commit-interval-ms: must be a whole number of milliseconds, 1–10000, got '0'" "$hub" --commit-interval-ms 0
expect 1 "runform-hub: sqlite: cannot open '$work/no/such/dir/hub.db': unable to open database file" \
  "$hub" --store "sqlite:$work/no/such/dir/hub.db" --address 127.0.0.1:0

# runform-loadgen.
expect 2 "runform-loadgen: --phases: unknown phase 'foo' (choose from sink, flat, live)." "$loadgen" --phases foo
expect 2 "runform-loadgen: --phases: unknown phase 'flt' (choose from sink, flat, live). Did you mean 'flat'?" "$loadgen" --phases sink,flt
expect 2 "runform-loadgen: unknown option --phase. Did you mean '--phases'?" "$loadgen" --phase flat
expect 2 "runform-loadgen: --kiosks: must be 1–2000, got 0" "$loadgen" --kiosks 0
expect 2 "runform-loadgen: unexpected argument 'verison'. Did you mean 'version'?" "$loadgen" verison
# Nothing listens on port 1: the phase moves no frames, which is a failure, not a report.
set +e
"$loadgen" --target 127.0.0.1:1 --phases flat --seconds 1 > out.txt 2> err.txt
code=$?
set -e
[ "$code" -eq 1 ] || fail "loadgen against a dead target exited $code: $(cat err.txt)"
grep -qx "runform-loadgen: phase flat: no frames were acknowledged by 127.0.0.1:1: is a RunForm hub listening there? (see its log)" err.txt \
  || fail "loadgen against a dead target said: $(cat err.txt)"
grep -q "frames/s" out.txt && fail "loadgen printed a report for a dead target: $(cat out.txt)"
echo "cli conventions: all checks passed"
