#!/usr/bin/env bash
# tools/check_arrows.sh against made-up trees: a tree that keeps every arrow passes, and each
# rule of ARCHITECTURE.md's "Dependency arrows", broken by one file, fails naming that file.
# Usage: check_arrows_test.sh CHECK_ARROWS_SH WORK_DIR
set -uo pipefail
checker=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
failures=0

# A tree where every folder includes what it may (a few ways of writing an include, too).
make_clean_tree() {
  local t=$1
  mkdir -p "$t"/{form,common,sim,camera,station,services/store,services/hub,services/client,tools,ui,kiosk,dashboard,report,tests,bench}
  printf '#include <vector>\n#include "form/engine.h"\n#include "common/landmark_rules.h"\n#include "helpers.h"\n' >"$t/form/a.cpp"
  printf '#include <cstdint>\n#  include <string_view>\n#include "common/b.h"\n' >"$t/common/a.h"
  printf '#include <opencv2/core.hpp>\n#include "form/landmarks.h"\n#include "sim/body.h"\n' >"$t/sim/a.cpp"
  printf '#include <opencv2/dnn.hpp>\n#include "sim/renderer.h"\n#include "camera/tracker.h"\n' >"$t/camera/a.cpp"
  printf '#include "camera/frame_source.h"\n#include "services/client/kiosk_uploader.h"\n#include <sqlite3.h>\n' >"$t/station/a.cpp"
  printf '#include <sqlite3.h>\n#include <libpq-fe.h>\n#include <mutex>\n#include "services/store/session_store.h"\n' >"$t/services/store/a.cpp"
  printf '#include <grpcpp/server.h>\n#include <spdlog/spdlog.h>\n#include <toml++/toml.h>\n#include "runform/v1/ingest.pb.h"\n#include "services/store/session_store.h"\n' >"$t/services/hub/a.cpp"
  printf '#include <grpcpp/channel.h>\n#include "form/engine.h"\n#include "runform/v1/frames.pb.h"\n#include "services/store/sqlite_db.h"\n' >"$t/services/client/a.cpp"
  printf '#include <CLI/CLI.hpp>\n#include <nlohmann/json.hpp>\n#include "camera/pipeline.h"\n#include "services/hub/hub_server.h"\n' >"$t/tools/a.cpp"
  printf '#include <imgui.h>\n#include "form/engine.h"\n' >"$t/ui/a.cpp"
  printf '#include <imgui.h>\n#include <GLFW/glfw3.h>\n#include "ui/gauge.h"\n#include "station/station.h"\n#include <toml++/toml.h>\n' >"$t/kiosk/a.cpp"
  printf '#include <imgui.h>\n#include "services/client/coach_client.h"\n#include "report/export_job.h"\n#include "ui/band_chart.h"\n' >"$t/dashboard/a.cpp"
  printf '#include <cairo.h>\n#include <nlohmann/json.hpp>\n#include "form/session_summary.h"\n#include "services/client/coach_types.h"\n#include "ui/score_bands.h"\n' >"$t/report/a.cpp"
  printf '#include <imgui.h>\n#include <grpcpp/grpcpp.h>\n#include "services/hub/hub_server.h"\n' >"$t/tests/a.cpp"
  printf '#include <benchmark/benchmark.h>\n#include <spdlog/spdlog.h>\n' >"$t/bench/a.cpp"
}

clean=$work/clean
make_clean_tree "$clean"
if out=$("$checker" "$clean" 2>&1); then
  echo "ok: a tree that keeps every arrow passes"
else
  echo "FAIL: a tree that keeps every arrow was refused:"
  echo "$out"
  failures=$((failures + 1))
fi

case_number=0
# violates FILE INCLUDE RULE: one bad include in an otherwise clean tree must be refused, and
# the report must name the file and the include.
violates() {
  local file=$1 include=$2 rule=$3
  case_number=$((case_number + 1))
  local t=$work/case-$case_number
  make_clean_tree "$t"
  mkdir -p "$(dirname "$t/$file")"
  printf '#include <string>\n%s\n' "$include" >"$t/$file"
  local out code target
  out=$("$checker" "$t" 2>&1)
  code=$?
  target=$(sed -E 's/^.*([<"][^>"]*[>"]).*$/\1/' <<<"$include")
  if [ "$code" -eq 1 ] && grep -qF -- "$file:2: #include $target" <<<"$out" && grep -q "ARROW BROKEN" <<<"$out"; then
    echo "ok: $rule ($file: $include)"
  else
    echo "FAIL: $rule: $file with '$include' gave exit $code:"
    echo "$out"
    failures=$((failures + 1))
  fi
}

# form/ depends on nothing but the C++ standard library, and on no other folder of ours.
violates form/x.cpp '#include <opencv2/core.hpp>' "form/: no OpenCV"
violates form/x.h '#include <nlohmann/json.hpp>' "form/: no JSON library"
violates form/x.cpp '#include <unistd.h>' "form/: not even POSIX headers"
violates form/x.cpp '#include "sim/body.h"' "form/: no other folder of ours"
violates form/x.cpp '#include "../camera/tracker.h"' "form/: no relative escape to another folder"
violates form/x.cpp '#include <imgui.h>' "form/: no ImGui"
# common/ is standard library only and includes nothing of ours.
violates common/x.h '#include "form/engine.h"' "common/: nothing of ours"
violates common/x.h '#include <spdlog/spdlog.h>' "common/: standard library only"
# sim/ depends on form/ only; OpenCV is allowed there.
violates sim/x.cpp '#include <spdlog/spdlog.h>' "sim/: no spdlog"
violates sim/x.cpp '#include "camera/tracker.h"' "sim/: no camera/"
violates sim/x.cpp '#include <grpcpp/grpcpp.h>' "sim/: no gRPC"
# camera/ may use form/, sim/ and OpenCV; never ImGui or gRPC (nor the tools' libraries).
violates camera/x.cpp '#include <nlohmann/json.hpp>' "camera/: no nlohmann-json"
violates camera/x.cpp '#include <spdlog/spdlog.h>' "camera/: no spdlog"
violates camera/x.cpp '#include <toml++/toml.h>' "camera/: no toml++"
violates camera/x.cpp '#include <CLI/CLI.hpp>' "camera/: no CLI11"
violates camera/x.cpp '#include <imgui.h>' "camera/: no ImGui"
violates camera/x.cpp '#include <grpcpp/channel.h>' "camera/: no gRPC"
violates camera/x.cpp '#include "services/client/kiosk_uploader.h"' "camera/: no services/"
# station/ (no UI) may use camera/, sim/, form/, services/client and common/.
violates station/x.cpp '#include <GLFW/glfw3.h>' "station/: no GLFW"
violates station/x.cpp '#include <imgui.h>' "station/: no ImGui"
violates station/x.cpp '#include "ui/gauge.h"' "station/: no ui/"
violates station/x.cpp '#include "services/hub/hub_server.h"' "station/: no hub"
violates station/x.cpp '#include "runform/v1/frames.pb.h"' "station/: no generated protobuf types"
# Only services/, the hub client and tools/ see generated protobuf types.
violates ui/x.cpp '#include "runform/v1/frames.pb.h"' "ui/: no generated protobuf types"
violates ui/x.cpp '#include <google/protobuf/message.h>' "ui/: no protobuf"
violates ui/x.cpp '#include "services/client/hub_channel.h"' "ui/: no services/"
violates kiosk/x.cpp '#include <grpcpp/channel.h>' "kiosk/: no gRPC"
violates kiosk/x.cpp '#include <spdlog/spdlog.h>' "kiosk/: toml++ only, no spdlog"
violates dashboard/x.cpp '#include "runform/v1/coach.grpc.pb.h"' "dashboard/: no generated types"
violates report/x.cpp '#include <imgui.h>' "report/: no ImGui"
violates report/x.cpp '#include "ui/theme.h"' "report/: of ui/ only the score bands"
violates report/x.cpp '#include "services/client/hub_channel.h"' "report/: only the coach client"
violates report/x.cpp '#include "runform/v1/frames.pb.h"' "report/: no generated types"
violates report/x.cpp '#include "dashboard/panel.h"' "report/: no app folder"
violates report/x.cpp '#include <CLI/CLI.hpp>' "report/: no CLI11"
violates dashboard/x.cpp '#include "services/client/kiosk_uploader.h"' "dashboard/: only the coach client"
violates dashboard/x.cpp '#include "station/station.h"' "dashboard/: no station/"
violates dashboard/x.cpp '#include "kiosk/kiosk_app.h"' "dashboard/: no kiosk/"
violates dashboard/x.cpp '#include <nlohmann/json.hpp>' "dashboard/: no nlohmann-json"
# services/store/ sees no wire types; it needs only SQLite and libpq.
violates services/store/x.cpp '#include "form/engine.h"' "services/store/: no form/"
violates services/store/x.cpp '#include "runform/v1/frames.pb.h"' "services/store/: no wire types"
violates services/store/x.cpp '#include <grpcpp/server.h>' "services/store/: no gRPC"
violates services/store/x.cpp '#include "services/hub/wire_codec.h"' "services/store/: no hub"
violates services/store/x.cpp '#include <spdlog/spdlog.h>' "services/store/: only SQLite and libpq"
# services/hub/ does not include form/ or the client.
violates services/hub/x.cpp '#include "form/engine.h"' "services/hub/: no form/"
violates services/hub/x.cpp '#include "services/client/kiosk_uploader.h"' "services/hub/: no client"
# services/ as a whole: no sim/, camera/, station/ or app folders; no ImGui.
violates services/client/x.cpp '#include "camera/tracker.h"' "services/: no camera/"
violates services/client/x.cpp '#include "services/store/session_store.h"' "services/client/: no store"
violates services/client/x.cpp '#include "services/store/sqlite_db.h.bak"' "services/client/: only the SQLite wrapper of the store"
violates services/hub/x.cpp '#include <imgui.h>' "services/: no ImGui"
# tools/ may use everything but ImGui and GLFW.
violates tools/x.cpp '#include <GLFW/glfw3.h>' "tools/: no GLFW"
# Any way of writing an include counts.
violates form/x.cpp '  #  include <spdlog/spdlog.h>' "spaces around # do not hide an include"
violates camera/sub/x.hpp '#include <nlohmann/json.hpp>' "nested folders and .hpp files are checked"

echo "$case_number broken trees, $failures failures"
[ "$failures" -eq 0 ]
