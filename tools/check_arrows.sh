#!/usr/bin/env bash
# Checks every dependency arrow written in ARCHITECTURE.md ("Dependency arrows"): which of our
# folders each folder may include, and where each third-party library may appear. A folder
# that does not exist (yet) has nothing to check. tests/ and bench/ may include anything.
# Usage: check_arrows.sh [REPO_ROOT]    Exit status: 0 all arrows hold, 1 an arrow is broken.
set -uo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
status=0

# Every include of the C++ files under DIR, one per line: TARGET<TAB>FILE:LINE, where TARGET
# keeps its delimiters (<x> or "x") so rules can tell system from project includes.
includes_of() {
  grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]*[>"]' "$1" \
    --include='*.h' --include='*.hh' --include='*.hpp' --include='*.cpp' --include='*.cc' \
    --include='*.cxx' --include='*.inl' --include='*.ipp' 2>/dev/null |
    sed -E 's/^([^:]*:[0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*$/\2\t\1/'
}

report() {  # report DIR WHY HITS
  if [ -n "$3" ]; then
    echo "ARROW BROKEN: $1/ $2:"
    echo "$3" | awk -F'\t' '{ print "  " $2 ": #include " $1 }'
    status=1
  fi
}

# forbid DIR REGEX WHY: no include of DIR may match REGEX (an awk ERE on TARGET).
forbid() {
  [ -d "$1" ] || return 0
  report "$1" "$3" "$(includes_of "$1" | awk -F'\t' -v re="$2" '$1 ~ re')"
}

# forbid_except DIR REGEX EXCEPT WHY: no include of DIR may match REGEX unless it matches EXCEPT.
forbid_except() {
  [ -d "$1" ] || return 0
  report "$1" "$4" "$(includes_of "$1" | awk -F'\t' -v re="$2" -v ok="$3" '$1 ~ re && $1 !~ ok')"
}

# only DIR REGEX WHY: every include of DIR must match REGEX.
only() {
  [ -d "$1" ] || return 0
  report "$1" "$3" "$(includes_of "$1" | awk -F'\t' -v re="$2" '$1 !~ re')"
}

# Building blocks (TARGET patterns).
std='^<[a-z_0-9]+>$'                      # a C++ standard library header: <vector>, <cstdint>
local_file='^"[^/"]+"$'                  # a file next to the includer: "engine.h"
ours() {                                  # ours FOLDER… : "folder/…" or <folder/…>
  local alternatives
  alternatives=$(IFS='|'; echo "$*")
  echo "^[<\"]($alternatives)/"
}
imgui='^[<"](imgui|backends/imgui|GLFW/)'
wire='^[<"](grpc/|grpcpp/|google/protobuf/|runform/v1/)'
toolkit='^[<"](nlohmann/|CLI/|spdlog/|toml\+\+/|toml\.h)'

# --- Which of our folders each folder may include -------------------------------------------
only form "$std|$local_file|$(ours form common)" \
  "must use only the C++ standard library (and common/): no library, no other folder of ours"
only common "$std|$local_file|$(ours common)" "must use only the C++ standard library and include nothing of ours"
forbid sim "$(ours camera station services tools ui kiosk dashboard report runform)" "may use only form/ and common/ (and OpenCV)"
forbid camera "$(ours station services tools ui kiosk dashboard report runform)" \
  "may use only form/, sim/, common/ and OpenCV"
forbid station "$(ours services/hub services/store tools ui kiosk dashboard report runform)" \
  "may use only camera/, sim/, form/, services/client and common/ (it has no UI)"
forbid services "$(ours sim camera station tools ui kiosk dashboard report)" \
  "may use only services/, protos, common/ and (the client's encoding) form/"
only services/store "$std|$local_file|^<sys/[a-z_]+\.h>$|^<[a-z_0-9-]+\.h>$|$(ours services/store common)" \
  "stores opaque payloads: only SQLite, libpq and services/store/ (no wire types, no form/, no other library)"
forbid services/hub "$(ours form services/client)" "the hub stores and serves, it does not analyse: no form/, no client"
forbid_except services/client "$(ours services/hub services/store)" '^[<"]services/store/sqlite_db\.h[>"]$' \
  "the client talks to the hub over the wire only (it may reuse the store's SQLite wrapper for the kiosk's disk spool)"
forbid ui "$(ours services runform kiosk dashboard tools)" \
  "is shared by the kiosk and the dashboard: no services/, no wire types, no app folders"
# The dashboard reaches the hub only through the proto-free coach client, exports through report/.
forbid dashboard "$(ours kiosk station camera sim tools services/hub services/store runform)" \
  "may use only ui/, report/, form/, common/ and the coach client (services/client/coach_*)"
forbid_except dashboard "$(ours services/client)" '^[<"]services/client/(coach_[a-z_]+|assessment_client)\.h[>"]$' \
  "talks to the hub only through the coach client (services/client/coach_*.h: plain structs, no protobuf)"
# report/ is a library without a UI: the coach client's plain types, form/, the score bands.
forbid report "$(ours kiosk dashboard station camera sim tools services/hub services/store runform)" \
  "may use only form/, common/, the coach client (services/client/coach_*) and ui/score_bands.h"
forbid_except report "$(ours services/client ui)" '^[<"](services/client/(coach_[a-z_]+|assessment_client)|ui/score_bands)\.h[>"]$' \
  "has no UI and sees no wire types: only services/client/coach_*.h, services/client/assessment_client.h and ui/score_bands.h (no ImGui)"

# --- Where each library may appear ----------------------------------------------------------
for d in form common sim camera station services tools report protos; do
  forbid "$d" "$imgui" "must not include ImGui or GLFW (only ui/, kiosk/ and dashboard/ do)"
done
for d in form common sim camera station ui kiosk dashboard report; do
  forbid "$d" "$wire" "must not see gRPC or generated protobuf types (only services/ and tools/ do)"
done
for d in form common sim camera station ui dashboard; do
  forbid "$d" "$toolkit" "must not include nlohmann-json, CLI11, spdlog or toml++ (only tools/ and services/ do)"
done
# report/ writes and reads JSON exports with nlohmann-json; no other toolkit.
forbid report '^[<"](CLI/|spdlog/|toml\+\+/|toml\.h)' "must not include CLI11, spdlog or toml++ (nlohmann-json only, for JSON exports)"
# The kiosk reads its station.toml with toml++, as the hub reads its config; no other toolkit.
forbid kiosk '^[<"](nlohmann/|CLI/|spdlog/)' "must not include nlohmann-json, CLI11 or spdlog (toml++ only, for station.toml)"

[ $status -eq 0 ] && echo "dependency arrows: ok"
exit $status
