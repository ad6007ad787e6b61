#!/usr/bin/env bash
# End-to-end test of the `runform` CLI as a user runs it: simulate → analyze → JSON, and a
# clear error with a non-zero exit for every kind of bad input. Usage: cli_test.sh RUNFORM WORKDIR
set -euo pipefail
runform=$1
work=$2
. "$(dirname "$0")/cli_checks.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# A simulated faulty runner comes back with its fault, in the documented JSON shape.
"$runform" simulate --out track.jsonl --view front --duration 40 --set shoulder_elevation_pct=25 --seed 3
[ -s track.jsonl ] && [ -s track.jsonl.truth.json ] || fail "simulate wrote nothing"
"$runform" analyze track.jsonl --out result.json
python3 - <<'PY' || fail "analysis JSON is not as documented"
import json
r = json.load(open("result.json"))
s = r["summary"]
assert "shoulders.elevation_pct" in s["faults"], s["faults"]
m = s["metrics"]["shoulders.elevation_pct"]
assert m["measurable"] and m["unit"] == "%" and m["value"] > 15, m
nm = s["metrics"]["arms.elbow_angle_deg"]
assert not nm["measurable"] and nm["reason"] == "needs the side view", nm
for key in ("scores", "drift", "worst_moments", "drills"):
    assert key in s, key
assert all(set(c) >= {"t", "id", "text"} for c in r["cues"])
assert any(c["text"] == "Drop your shoulders" for c in r["cues"]), r["cues"]
assert len(r["per_minute"]) >= 1
PY
"$runform" analyze track.jsonl --view side --height-cm 180 | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["summary"]["view"]=="side"' \
  || fail "--view side not honoured"

# Bad input: a clear message naming the problem, and a non-zero exit.
: > empty.jsonl
expect_error "empty file" analyze empty.jsonl
head -1 track.jsonl > header_only.jsonl
expect_error "no frames" analyze header_only.jsonl
{ head -3 track.jsonl; echo '{"t":99,"keypoints":[[NaN,1,1]]}'; } > nan.jsonl
expect_error "line 4: keypoint x is not a finite number" analyze nan.jsonl
{ head -3 track.jsonl; sed -n 2p track.jsonl; } > backwards.jsonl
expect_error "line 4: time goes backwards" analyze backwards.jsonl
{ head -1 track.jsonl; echo '{"t":1,"keypoints":[[1,2,0.5]]}'; } > short.jsonl
expect_error "expected 17 entries" analyze short.jsonl
echo '{"format":"something-else"}' > wrong.jsonl
expect_error "line 1: header: format must be" analyze wrong.jsonl
printf '\x00\x01\x02garbage' > binary.jsonl
expect_error "line 1:" analyze binary.jsonl
expect_error "cannot open track" analyze does-not-exist.jsonl
expect_error "unknown metric id" analyze track.jsonl --assets "$(mkdir -p badassets && printf 'x | nope | 1 | a | b\n' > badassets/cues.txt && echo badassets)"
expect_error "--set wings=2: no runner parameter 'wings'" simulate --out x.jsonl --set wings=2
expect_error "cadence_spm must be within" simulate --out x.jsonl --set cadence_spm=20
# The demo, the README's main job: analysis, then kiosk → hub → coach with every frame delivered
# (--verbose: the developer figures checked below).
demo_out=$("$runform" demo --verbose)
echo "$demo_out" | grep -qF "Kiosk → hub → coach" || fail "demo skipped the hub part"
uploaded=$(echo "$demo_out" | sed -n 's/.*uploaded \([0-9]*\) frames.*/\1/p')
watched=$(echo "$demo_out" | sed -n 's/.*live received \([0-9]*\) frames.*/\1/p')
listed=$(echo "$demo_out" | sed -n 's/.*treadmill-3, \([0-9]*\) frames.*/\1/p')
[ -n "$uploaded" ] && [ "$uploaded" -gt 5000 ] || fail "demo uploaded '$uploaded' frames"
[ "$watched" = "$uploaded" ] || fail "demo watcher saw $watched of $uploaded frames"
[ "$listed" = "$uploaded" ] || fail "demo coach listed $listed of $uploaded frames"
echo "$demo_out" | grep -q "LTTB" || fail "demo printed no series"
echo "$demo_out" | grep -q "360 frames, runner locked in 360" || fail "demo camera leg did not track every frame"
echo "$demo_out" | grep -q "took the lock in 0" || fail "demo camera leg lost the runner to the passer-by"
echo "cli_end_to_end: all checks passed"
