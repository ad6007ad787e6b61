#!/usr/bin/env bash
# Downloads the pose models of the manifest and verifies their SHA-256 before installing them.
# Usage: deploy/fetch-models.sh [--manifest FILE] [--dir DIR] [NAME ...]   (no NAME: every model)
#   DIR defaults to $RUNFORM_MODELS, else $XDG_CACHE_HOME/runform/models (~/.cache/runform/models),
#   the folder `runform` looks in (tools/model_cache.h). Generated models (source = "generated") are
#   skipped: `runform prepare-model` writes them. A model already present with the right
#   checksum is kept. Exit 0 when every requested model is installed and verified, else 1.
# An entry without a pinned checksum is refused (its downloaded checksum is printed so a person
# can verify it against the publisher and pin it in the manifest).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
manifest="$here/../assets/models/manifest.toml"
dir="${RUNFORM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/runform/models}"
wanted=()
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest) manifest=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) wanted+=("$1"); shift ;;
  esac
done
[ -r "$manifest" ] || { echo "fetch-models: cannot read the manifest $manifest" >&2; exit 1; }
command -v curl >/dev/null || { echo "fetch-models: curl is missing; run deploy/install-deps.sh" >&2; exit 1; }
command -v sha256sum >/dev/null || { echo "fetch-models: sha256sum is missing (coreutils)" >&2; exit 1; }
mkdir -p "$dir" || { echo "fetch-models: cannot create $dir" >&2; exit 1; }

# One line per model: name|source|file|url|sha256 (the manifest keeps these as simple strings).
entries=$(awk '
  function flush() { if (name != "") print name "|" source "|" file "|" url "|" sha; name = source = file = url = sha = "" }
  /^\[\[model\]\]/ { flush(); next }
  match($0, /^(name|source|file|url|sha256)[ \t]*=[ \t]*"[^"]*"/) {
    key = $0; sub(/[ \t]*=.*/, "", key)
    value = $0; sub(/^[^"]*"/, "", value); sub(/".*/, "", value)
    if (key == "name") name = value; else if (key == "source") source = value
    else if (key == "file") file = value; else if (key == "url") url = value; else sha = value
  }
  END { flush() }' "$manifest")

status=0
found=()
while IFS='|' read -r name source file url sha; do
  [ -n "$name" ] || continue
  if [ ${#wanted[@]} -gt 0 ]; then
    match=0
    for w in "${wanted[@]}"; do [ "$w" = "$name" ] && match=1; done
    [ $match -eq 1 ] || continue
  fi
  found+=("$name")
  if [ "$source" != "download" ]; then
    echo "$name: generated, not downloaded (runform prepare-model $name writes it)"
    continue
  fi
  target="$dir/$file"
  if [ -n "$sha" ] && [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$sha" ]; then
    echo "$name: already installed and verified ($target)"
    continue
  fi
  part="$target.part"
  echo "$name: downloading $url"
  if ! curl -fL --retry 2 --connect-timeout 15 --progress-bar -o "$part" "$url"; then
    rm -f "$part"
    echo "$name: DOWNLOAD FAILED from $url — is this machine offline? Copy $file into $dir by hand, then run this again to verify it." >&2
    status=1
    continue
  fi
  got=$(sha256sum "$part" | cut -d' ' -f1)
  if [ -z "$sha" ]; then
    rm -f "$part"
    echo "$name: REFUSED — the manifest pins no SHA-256 for it. The download's SHA-256 is $got; check it against the publisher and set sha256 in $manifest." >&2
    status=1
    continue
  fi
  if [ "$got" != "$sha" ]; then
    rm -f "$part"
    echo "$name: CHECKSUM MISMATCH — expected $sha, got $got. The file was not installed (corrupt download or a changed upstream file)." >&2
    status=1
    continue
  fi
  mv "$part" "$target"
  echo "$name: installed and verified ($target)"
done <<< "$entries"

for w in "${wanted[@]}"; do
  known=0
  for f in "${found[@]}"; do [ "$f" = "$w" ] && known=1; done
  [ $known -eq 1 ] || { echo "fetch-models: no model named '$w' in $manifest" >&2; status=1; }
done
exit $status
