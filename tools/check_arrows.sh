#!/usr/bin/env bash
# Checks the dependency arrows written in ARCHITECTURE.md. Usage: check_arrows.sh [REPO_ROOT]
set -uo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
status=0
forbid() {  # forbid DIR REGEX WHY
  local dir=$1 regex=$2 why=$3
  [ -d "$dir" ] || return 0
  hits=$(grep -rnE "#include[[:space:]]*[<\"]($regex)" "$dir" --include='*.h' --include='*.cpp' 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "ARROW BROKEN: $dir/ $why:"
    echo "$hits"
    status=1
  fi
}
heavy='opencv2|imgui|GLFW|grpc|google/protobuf|nlohmann|CLI/|sqlite3|pqxx|libpq|spdlog|toml'
forbid form "$heavy|sim/|camera/|kiosk/|services/|ui/|dashboard/|tools/" "must use only the standard library"
forbid sim "imgui|GLFW|grpc|google/protobuf|nlohmann|CLI/|camera/|kiosk/|services/|ui/|dashboard/|tools/" "may use only form/ (and OpenCV)"
forbid camera "imgui|GLFW|grpc|google/protobuf|kiosk/|services/|ui/|dashboard/|tools/" "may use only form/, sim/ and OpenCV"
for d in services tools; do forbid "$d" "imgui|GLFW" "must not include ImGui or GLFW"; done
forbid services "sim/|camera/|kiosk/|ui/|dashboard/|tools/" "may use only form/ (the client's encoding) and protos"
forbid services/store "grpc|google/protobuf|runform/v1|services/hub|services/client" "stores opaque payloads: no wire types"
forbid services/hub "services/client|form/" "the hub does not analyse; wire types meet storage in wire_codec only"
forbid station "imgui|GLFW|grpc|google/protobuf|runform/v1|nlohmann|CLI/|spdlog|toml|kiosk/|ui/|dashboard/|tools/|services/hub|services/store|services/client/(kiosk_uploader|form_encoding|frame_spool|sqlite_frame_spool|session_recording|hub_channel)" \
  "may use form/, sim/, camera/, OpenCV and the hub client's StationUplink only (no UI, no wire types)"
for d in form sim camera ui; do forbid "$d" "grpc|google/protobuf|runform/v1" "must not see generated protobuf or gRPC types"; done
[ $status -eq 0 ] && echo "dependency arrows: ok"
exit $status
