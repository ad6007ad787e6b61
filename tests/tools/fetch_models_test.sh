#!/usr/bin/env bash
# deploy/fetch-models.sh against file:// URLs: installs a verified model, refuses a checksum
# mismatch and an unpinned entry, and reports an unreachable URL as offline; all with exit 1.
set -uo pipefail
script=$1
work=$2
rm -rf "$work" && mkdir -p "$work/upstream" "$work/models"
fail() { echo "FAIL: $*"; exit 1; }
printf 'pretend onnx bytes' > "$work/upstream/good.onnx"
good_sha=$(sha256sum "$work/upstream/good.onnx" | cut -d' ' -f1)
cat > "$work/manifest.toml" <<TOML
[[model]]
name = "good"
source = "download"
file = "good.onnx"
url = "file://$work/upstream/good.onnx"
sha256 = "$good_sha"

[[model]]
name = "tampered"
source = "download"
file = "tampered.onnx"
url = "file://$work/upstream/good.onnx"
sha256 = "0000000000000000000000000000000000000000000000000000000000000000"

[[model]]
name = "unpinned"
source = "download"
file = "unpinned.onnx"
url = "file://$work/upstream/good.onnx"
sha256 = ""

[[model]]
name = "offline"
source = "download"
file = "offline.onnx"
url = "file://$work/upstream/absent.onnx"
sha256 = "$good_sha"

[[model]]
name = "made-here"
source = "generated"
file = "made-here.onnx"
TOML
run() { "$script" --manifest "$work/manifest.toml" --dir "$work/models" "$@" > "$work/out.txt" 2>&1; }

run good made-here || fail "a verified model should install: $(cat "$work/out.txt")"
cmp -s "$work/models/good.onnx" "$work/upstream/good.onnx" || fail "installed file differs"
grep -q "installed and verified" "$work/out.txt" || fail "no confirmation: $(cat "$work/out.txt")"
grep -q "made-here: generated" "$work/out.txt" || fail "generated model not explained"
run good || fail "second run should keep the verified file"
grep -q "already installed" "$work/out.txt" || fail "did not notice the installed file"

run tampered && fail "a checksum mismatch must fail"
grep -q "CHECKSUM MISMATCH" "$work/out.txt" || fail "mismatch not explained: $(cat "$work/out.txt")"
[ ! -e "$work/models/tampered.onnx" ] && [ ! -e "$work/models/tampered.onnx.part" ] || fail "mismatched file left behind"

run unpinned && fail "an unpinned model must be refused"
grep -q "REFUSED" "$work/out.txt" && grep -q "$good_sha" "$work/out.txt" || fail "refusal lacks the checksum: $(cat "$work/out.txt")"

run offline && fail "an unreachable URL must fail"
grep -q "offline" "$work/out.txt" || fail "offline not explained: $(cat "$work/out.txt")"

run no-such-model && fail "an unknown name must fail"
grep -q "no model named 'no-such-model'" "$work/out.txt" || fail "unknown name not explained"

# The real manifest parses in the script: every downloadable entry is listed.
"$script" --dir "$work/real" no-such-model > "$work/out.txt" 2>&1
grep -q "no model named" "$work/out.txt" || fail "real manifest unreadable"
echo "fetch-models: ok"
