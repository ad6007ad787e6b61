#!/usr/bin/env bash
# Honest results: `runform analyze` says plainly what it could not see. A clip with no runner
# fails (exit 1) naming the model and what it sees, the zone, and how to get a trained model; a
# clip cut short is analysed with a warning (frames read against frames announced, in the JSON
# too); a forced view that disagrees with the detected one is warned about and both are in the
# JSON; the generated model goes to the cache folder, never the current one; OpenCV's and
# FFmpeg's own log lines stay out of the terminal unless --verbose.
# Usage: honest_results_test.sh RUNFORM WORKDIR
set -euo pipefail
runform=$1
work=$2
. "$(dirname "$0")/cli_checks.sh"
rm -rf "$work" && mkdir -p "$work/cwd" "$work/home" && cd "$work/cwd"
unset RUNFORM_MODELS XDG_CACHE_HOME
export HOME="$work/home"

# A clip of the synthetic runner (markers on) and one without markers: the generated model sees
# only the markers, as it would see no real person.
"$runform" simulate --out t.jsonl --render clip.avi --duration 10 --seed 4 2> /dev/null
"$runform" simulate --out p.jsonl --render plain.avi --plain --duration 10 --seed 4 2> /dev/null

# The model is generated into ~/.cache/runform/models (XDG default), and the run says where.
# (Forcing the side view here also checks the forced-view warning on video.)
"$runform" analyze --video clip.avi --view side --out ok.json 2> ok.log || fail "the marker clip did not analyse: $(cat ok.log)"
[ -s "$HOME/.cache/runform/models/synthetic-markers.onnx" ] || fail "the generated model is not in ~/.cache/runform/models"
[ ! -e models ] || fail "analyze --video wrote a models folder into the current folder"
grep -qxF "model: synthetic-markers (models folder $HOME/.cache/runform/models)" ok.log || fail "the run did not say where the model is: $(cat ok.log)"
python3 - <<'PY' || fail "a whole clip is reported as whole"
import json
r = json.load(open("ok.json"))
assert r["input"]["frames"] == 300 and r["input"]["frames_expected"] == 300, r["input"]
assert r["input"]["frames_with_runner"] == 300, r["input"]
assert r["view"] == {"requested": "side", "detected": "front", "agrees": False}, r["view"]
assert len(r["warnings"]) == 1 and r["warnings"][0].startswith("--view side was forced"), r["warnings"]
PY

# No runner in any frame: exit 1, and why.
set +e
"$runform" analyze --video plain.avi > none.json 2> none.log
code=$?
set -e
[ "$code" -eq 1 ] || fail "a clip with no runner exited $code: $(cat none.log)"
[ ! -s none.json ] || fail "a clip with no runner still printed results"
grep -qF "runform: no runner found in any of the 300 frames of plain.avi, so there is nothing to analyse." none.log || fail "no-runner message: $(cat none.log)"
grep -qF "model 'synthetic-markers' is generated: it sees only the coloured joint markers" none.log || fail "the message does not say what the model sees"
grep -qF "zone: the whole 640×480 frame." none.log || fail "the message does not name the zone"
grep -qF "bash deploy/fetch-models.sh movenet-lightning" none.log || fail "the message does not say how to fetch a trained model"

# A zone that misses the runner: exit 1, naming the zone.
set +e
XDG_CACHE_HOME="$work/xdg" "$runform" analyze --video clip.avi --zone 0,0,60,60 > /dev/null 2> zone.log
code=$?
set -e
[ "$code" -eq 1 ] || fail "a zone that misses the runner exited $code"
grep -qF "zone: 0,0,60,60 (x,y,w,h px) of the 640×480 frame; the runner's hips must stay inside it" zone.log || fail "zone message: $(cat zone.log)"
[ -s "$work/xdg/runform/models/synthetic-markers.onnx" ] || fail "\$XDG_CACHE_HOME was not used for the model"

# A damaged clip (cut at a quarter): analysed, with the frames read against those announced.
head -c $(( $(stat -c %s clip.avi) / 4 )) clip.avi > cut.avi
"$runform" analyze --video cut.avi --out cut.json 2> cut.log || fail "the cut clip did not analyse: $(cat cut.log)"
grep -Eq "^runform: warning: only [0-9]+ of the 300 frames the file announces could be read \([0-9]+%\): the clip looks damaged or cut short" cut.log \
  || fail "no damaged-clip warning: $(cat cut.log)"
python3 - <<'PY' || fail "the damaged clip's JSON lacks the frame counts or the warning"
import json
r = json.load(open("cut.json"))
i = r["input"]
assert i["frames_expected"] == 300 and 0 < i["frames"] < 0.9 * 300, i
assert len(r["warnings"]) == 1 and "could be read" in r["warnings"][0], r["warnings"]
PY
# FFmpeg complains about the cut; only --verbose shows it.
grep -q '^\[' cut.log && fail "library log lines leaked without --verbose: $(grep '^\[' cut.log)"
"$runform" analyze --video cut.avi --verbose --out /dev/null 2> cut_verbose.log
grep -q '^\[' cut_verbose.log || fail "--verbose shows no library log lines"
head -c 5000 /dev/urandom > corrupt.mp4
set +e
"$runform" analyze --video corrupt.mp4 2> corrupt.log
set -e
[ "$(grep -vc '^runform: \|^model: ' corrupt.log)" -eq 0 ] || fail "a corrupt clip printed more than RunForm's own lines: $(cat corrupt.log)"

# A forced view that disagrees with the detected one: warned, and both views in the JSON.
"$runform" analyze t.jsonl --view side --out side.json 2> side.log
grep -qxF "runform: warning: --view side was forced, but the runner looks filmed from the front: side-view metrics and faults below are unreliable. Leave out --view to use the detected view." side.log \
  || fail "no forced-view warning: $(cat side.log)"
"$runform" analyze t.jsonl --view front --out front.json 2> front.log
[ ! -s front.log ] || fail "a forced view that agrees was warned about: $(cat front.log)"
python3 - <<'PY' || fail "the JSON does not carry both views"
import json
side = json.load(open("side.json"))
assert side["view"] == {"requested": "side", "detected": "front", "agrees": False}, side["view"]
assert side["summary"]["view"] == "side" and len(side["warnings"]) == 1, side["warnings"]
front = json.load(open("front.json"))
assert front["view"]["agrees"] is True and front["warnings"] == [], front
PY
grep -qF "runform: warning: --view side was forced, but the runner looks filmed from the front" ok.log || fail "no forced-view warning on video"
echo "honest results: all checks passed"
