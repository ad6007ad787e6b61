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
python3 - <<'PY' || fail "simulate wrote a track or truth file that does not match what was asked"
import json
lines = open("track.jsonl").read().splitlines()
h = json.loads(lines[0])
assert h["format"] == "runform-landmarks" and h["view"] == "front", h
frames = [json.loads(l) for l in lines[1:]]
# 40 s at the header's rate, less the few frames a real camera drops (the simulator drops ~5%).
assert 0.9 * 40 * h["fps"] <= len(frames) <= 40 * h["fps"] + 1, (len(frames), h["fps"])
assert all(len(f["keypoints"]) == 17 for f in frames)
assert all(b["t"] > a["t"] for a, b in zip(frames, frames[1:])), "time must rise"
assert abs(frames[-1]["t"] - frames[0]["t"] - 40) < 0.2, (frames[0]["t"], frames[-1]["t"])
t = json.load(open("track.jsonl.truth.json"))
assert t["format"] == "runform-ground-truth" and t["view"] == "front", t
assert t["params"]["shoulder_elevation_pct"] == 25, t["params"]  # the --set reached the runner
PY
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
"$runform" analyze track.jsonl --view side --height-cm 180 > side180.json
"$runform" analyze track.jsonl --view side --height-cm 160 > side160.json
"$runform" analyze track.jsonl --view side > side.json
python3 - <<'PY' || fail "--view side or --height-cm not honoured"
import json
r180, r160, r = (json.load(open(f))["summary"] for f in ("side180.json", "side160.json", "side.json"))
assert r180["view"] == "side" and r["view"] == "side", (r180["view"], r["view"])
vo180, vo160, vo = (x["metrics"]["vertical_oscillation"] for x in (r180, r160, r))
# With a height, vertical oscillation is in cm, in proportion to the height; without, it is not.
assert vo180["measurable"] and vo180["unit"] == "cm" and 2 < vo180["value"] < 20, vo180
assert vo160["unit"] == "cm" and abs(vo160["value"] / vo180["value"] - 160 / 180) < 1e-6, (vo160, vo180)
assert vo["measurable"] and vo["unit"] != "cm" and 0 < vo["value"] < 1, vo
assert abs(vo180["value"] / vo["value"] - vo160["value"] / vo["value"] * 180 / 160) < 1e-6
# The side view measures side metrics and not front ones.
assert r180["metrics"]["trunk.lean_deg"]["measurable"], r180["metrics"]["trunk.lean_deg"]
assert not r180["metrics"]["shoulders.level_deg"]["measurable"], r180["metrics"]["shoulders.level_deg"]
PY

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
expect_error "--set expects NAME=VALUE" simulate --out x.jsonl --set wings=2
expect_error "cadence_spm must be within" simulate --out x.jsonl --set cadence_spm=20
# The demo, the README's main job: analysis, then kiosk → hub → coach with every frame delivered.
demo_out=$("$runform" demo)
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
