#include "kiosk/screens/screen_parts.h"

#include <string>

#include "ui/camera_view.h"
#include "ui/status_icons.h"
#include "ui/text.h"

namespace runform::kiosk {

void draw_title(const ScreenContext& ctx, std::string_view title) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  ui::draw_fitted(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), ctx.layout.at(60, 30), ctx.layout.at(1500, 130),
                  title, ui::palette().text, ui::Align::kLeft);
}

void draw_camera_panel(const ScreenContext& ctx, const station::StationSnapshot& snapshot, float x, float y, float w,
                       float h, bool skeleton) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 box_min = ctx.layout.at(x, y);
  const ImVec2 box_max = ctx.layout.at(x + w, y + h);
  if (ctx.camera.id == nullptr) {
    list->AddRectFilled(box_min, box_max, ui::palette().panel, ctx.px(16));
    ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), box_min, box_max,
                    snapshot.camera.message.empty() ? "Waiting for the camera…" : snapshot.camera.message,
                    ui::palette().text_dim);
    return;
  }
  const ui::ImageFit fit = ui::fit_image(box_min, box_max, ctx.camera.width, ctx.camera.height);
  ui::draw_camera_image(list, ctx.camera, fit);
  if (skeleton && snapshot.runner_found) {
    ui::draw_skeleton(list, snapshot.landmarks, fit, ctx.layout.scale, ui::palette().skeleton);
  }
}

std::string_view view_words(const std::optional<form::View>& view) {
  if (!view) return "view not known yet";
  return *view == form::View::kSide ? "side view" : "front view";
}

void draw_status_bar(const ScreenContext& ctx, const station::StationSnapshot& snapshot, float x, float y) {
  using ui::Icon;
  using ui::IconState;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float gap = ctx.px(36);
  ImVec2 at = ctx.layout.at(x, y);
  auto chip = [&](Icon icon, IconState state, const std::string& label) {
    at.x += ui::draw_status_chip(list, ctx.fonts, ctx.layout.scale, at, icon, state, label) + gap;
  };

  using State = camera::SourceStatus::State;
  const State cam = snapshot.camera.source.state;
  if (snapshot.camera.timed_out || cam == State::kLost) {
    chip(Icon::kCamera, IconState::kProblem, "No camera");
  } else if (cam == State::kConnecting) {
    chip(Icon::kCamera, IconState::kWarning, "Camera starting");
  } else {
    chip(Icon::kCamera, IconState::kOk, "Camera");
  }

  if (!snapshot.hub.configured) {
    chip(Icon::kHub, IconState::kInactive, "No hub");
  } else if (snapshot.hub.credential_refused) {
    chip(Icon::kHub, IconState::kProblem, "Hub refused station: re-enrol");
  } else if (snapshot.hub.uploads_paused) {
    chip(Icon::kHub, IconState::kProblem, "Uploads paused: see staff");
  } else if (snapshot.hub.online) {
    chip(Icon::kHub, IconState::kOk, "Hub online");
  } else {
    chip(Icon::kHub, IconState::kProblem, "Hub offline");
  }

  if (snapshot.spool.full || snapshot.spool.nearly_full) {
    chip(Icon::kSpool, snapshot.spool.full ? IconState::kProblem : IconState::kWarning,
         snapshot.spool.full ? "Storage full" : "Storage nearly full");
  } else if (snapshot.spool.backlog_frames > 0) {
    chip(Icon::kSpool, snapshot.hub.online && !snapshot.hub.uploads_paused ? IconState::kOk : IconState::kWarning,
         std::to_string(snapshot.spool.backlog_frames) + (snapshot.spool.backlog_frames == 1 ? " frame" : " frames") +
             " to upload");
  } else {
    chip(Icon::kSpool, IconState::kOk, "All uploaded");
  }
  // Kept on this kiosk for staff (runform spool); the other sessions still upload.
  if (const std::uint64_t refused = snapshot.upload.sessions_refused; refused > 0) {
    chip(Icon::kSpool, IconState::kWarning,
         std::to_string(refused) + (refused == 1 ? " session" : " sessions") + " refused: see staff");
  }

  if (snapshot.holding_rails) chip(Icon::kRails, IconState::kWarning, "Hands on the rails");

  // Only the view's limits count here ("needs the side view"); other reasons (not striding,
  // hands on the rails) have their own words on the gauges and chips.
  int unmeasurable = 0;
  for (const station::AreaScore* area : {&snapshot.head, &snapshot.shoulders, &snapshot.arms}) {
    if (!area->score && area->not_measurable.find("view") != std::string::npos) ++unmeasurable;
  }
  if (snapshot.phase == station::Phase::kRunning && unmeasurable > 0 && snapshot.view) {
    chip(Icon::kNotMeasurable, IconState::kInactive,
         std::to_string(unmeasurable) + (unmeasurable == 1 ? " area" : " areas") + " not measurable in the " +
             std::string(view_words(snapshot.view)));
  }
}

}  // namespace runform::kiosk
