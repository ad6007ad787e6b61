#include "dashboard/dashboard_app.h"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <iostream>
#include <thread>

#include "dashboard/controls.h"
#include "ui/canvas.h"
#include "ui/screenshot.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Navigation column width and banner height on the 1080-line design.
constexpr float kNavWidthPx = 260.0f;
constexpr float kBannerHeightPx = 44.0f;

}  // namespace

struct DashboardApp::ScriptPlayer {
  std::vector<ScriptStep> steps;
  std::size_t index = 0;
  std::optional<double> step_started_s;
  int click_phase = 0;  // 0 idle, 1 pointer over it, 2 pressed, 3 released
  ImVec2 click_at;
  std::string typed_left;
  std::vector<std::string> captures;
};

DashboardApp::DashboardApp(ui::Backend& backend, services::CoachWorker& hub, std::vector<std::unique_ptr<Panel>> panels,
                           SignIn sign_in, AppOptions options)
    : backend_(backend),
      hub_(hub),
      panels_(std::move(panels)),
      sign_in_(std::move(sign_in)),
      options_(std::move(options)),
      script_(std::make_unique<ScriptPlayer>()) {
  if (!options_.clock) options_.clock = steady_seconds;
  script_->steps = options_.script;
  ImGui::GetIO().IniFilename = nullptr;
  started_s_ = options_.clock();
}

DashboardApp::~DashboardApp() = default;

std::string DashboardApp::shown() const {
  if (sign_in_.showing()) return "signin";
  return panels_.empty() ? "" : std::string(panels_[shown_]->id());
}

Panel* DashboardApp::panel(std::string_view panel_id) const {
  for (const auto& p : panels_) {
    if (p->id() == panel_id) return p.get();
  }
  return nullptr;
}

void DashboardApp::go_to(std::string_view panel_id) {
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    if (panels_[i]->id() == panel_id && i != shown_) {
      shown_ = i;
      entered_ = false;
    }
  }
}

void DashboardApp::load_fonts_for(ImVec2 display) {
  if (fonts_display_ && fonts_display_->x == display.x && fonts_display_->y == display.y) return;
  const float scale = std::max(display.y / ui::kDesignHeightPx, 0.3f);
  ui::apply_kiosk_style(scale * kDeskFontFraction);
  ImGuiStyle& style = ImGui::GetStyle();
  style.FrameRounding = 4.0f * scale;
  style.WindowPadding = ImVec2(12.0f * scale, 10.0f * scale);
  fonts_ = ui::load_fonts(scale * kDeskFontFraction);
  backend_.reload_fonts();
  fonts_display_ = display;
}

void DashboardApp::advance_script(double now_s) {
  ScriptPlayer& s = *script_;
  if (s.steps.empty()) return;
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // the script owns the pointer
  io.MouseDown[0] = false;
  if (s.index >= s.steps.size()) return;
  // A scripted password signs in by itself: the script waits for it (its steps are for the
  // panels). Without one the script drives the sign-in form like a person.
  if (sign_in_.showing() && sign_in_.signs_in_by_itself()) return;
  const ScriptStep& step = s.steps[s.index];
  if (!s.step_started_s) s.step_started_s = now_s;
  const double waited_s = now_s - *s.step_started_s;
  auto next = [&] {
    ++s.index;
    s.step_started_s.reset();
    s.click_phase = 0;
  };
  auto fail = [&](const std::string& why) {
    script_error_ = "script line " + std::to_string(step.line) + ": " + why;
    exit_ = AppExit::kScriptFailed;
  };
  auto shown_labels = [&] {
    std::string shown;
    for (const std::string& l : targets_.labels()) shown += " '" + l + "'";
    return shown;
  };
  switch (step.kind) {
    case ScriptStep::Kind::kClick: {
      if (s.click_phase == 0) {
        const auto centre = targets_.centre_of(step.argument);
        if (!centre) {
          if (waited_s > kClickTimeoutS) {
            fail("no control labelled '" + step.argument + "' on " + shown() + " after " +
                 std::to_string(static_cast<int>(kClickTimeoutS)) + " s (shown:" + shown_labels() + ")");
          }
          return;
        }
        s.click_phase = 1;
      }
      // Aimed again at every phase from the last frame drawn: the control may have moved since
      // it was first seen (a button whose label just changed widens, shifting the row).
      if (const auto rect = targets_.rect_of(step.argument)) {
        // A fraction across the control (a chart is scrubbed at a chosen time).
        s.click_at = ImVec2(rect->first.x + static_cast<float>(step.fraction_x) * (rect->second.x - rect->first.x),
                           (rect->first.y + rect->second.y) * 0.5f);
      }
      io.MousePos = s.click_at;
      io.MouseDown[0] = s.click_phase == 2;
      if (s.click_phase == 3) {
        next();
      } else {
        ++s.click_phase;
      }
      break;
    }
    case ScriptStep::Kind::kType:
      if (s.typed_left.empty() && s.click_phase == 0) {
        s.typed_left = step.argument;
        s.click_phase = 1;
      }
      if (!s.typed_left.empty()) {
        io.AddInputCharacter(static_cast<unsigned char>(s.typed_left[0]));
        s.typed_left.erase(0, 1);
      }
      if (s.typed_left.empty()) next();
      break;
    case ScriptStep::Kind::kKey:
      io.AddInputCharacter(static_cast<unsigned char>(step.argument[0]));
      next();
      break;
    case ScriptStep::Kind::kAwaitReady: {
      const bool ready = !sign_in_.showing() && !panels_.empty() && panels_[shown_]->ready();
      if (ready) {
        next();
      } else if (waited_s > step.seconds) {
        fail("waited " + std::to_string(static_cast<int>(step.seconds)) + " s for " + shown() + " to be ready");
      }
      break;
    }
    case ScriptStep::Kind::kAwaitLabel:
      if (targets_.centre_of(step.argument)) {
        next();
      } else if (waited_s > step.seconds) {
        fail("waited " + std::to_string(static_cast<int>(step.seconds)) + " s for '" + step.argument + "' on " +
             shown() + " (shown:" + shown_labels() + ")");
      }
      break;
    case ScriptStep::Kind::kWait:
      if (waited_s >= step.seconds) next();
      break;
    case ScriptStep::Kind::kScreenshot:
      s.captures.push_back(step.argument);
      next();
      break;
    case ScriptStep::Kind::kQuit:
      exit_ = AppExit::kScriptDone;
      break;
  }
}

void DashboardApp::draw_navigation(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float w = kNavWidthPx * ctx.scale;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  list->AddRectFilled(ImVec2(0, 0), ImVec2(w, display.y), p.panel);
  ImGui::SetCursorScreenPos(ImVec2(14.0f * ctx.scale, 14.0f * ctx.scale));
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.accent), "RunForm");
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(ImVec2(14.0f * ctx.scale, ImGui::GetCursorScreenPos().y));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text_dim), "Coach dashboard");
  ImGui::Dummy(ImVec2(0, 16.0f * ctx.scale));
  const bool locked = sign_in_.showing();
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    ImGui::SetCursorScreenPos(ImVec2(10.0f * ctx.scale, ImGui::GetCursorScreenPos().y));
    const std::string title(panels_[i]->title());
    const std::string text = (i < 9 ? std::to_string(i + 1) + "  " : "   ") + title;
    const bool selected = !locked && i == shown_;
    if (selected) ImGui::PushStyleColor(ImGuiCol_Header, ImGui::ColorConvertU32ToFloat4(p.panel_hot));
    if (selectable(targets_, title, text, selected, ImVec2(w - 20.0f * ctx.scale, 0)) && !locked) {
      go_to(panels_[i]->id());
    }
    if (selected) ImGui::PopStyleColor();
  }
  // Who and where, at the bottom.
  const services::ConnectionState state = hub_.state();
  ImGui::SetCursorScreenPos(ImVec2(14.0f * ctx.scale, display.y - 70.0f * ctx.scale));
  const ImVec2 dot = ImGui::GetCursorScreenPos();
  list->AddCircleFilled(ImVec2(dot.x + 6.0f * ctx.scale, dot.y + 10.0f * ctx.scale), 6.0f * ctx.scale,
                        state.connected ? p.good : p.poor);
  ImGui::SetCursorScreenPos(ImVec2(dot.x + 20.0f * ctx.scale, dot.y));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text_dim), "%s", options_.hub_target.c_str());
  ImGui::SetCursorScreenPos(ImVec2(dot.x, ImGui::GetCursorScreenPos().y));
  if (!sign_in_.user_name().empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text_dim), "Signed in: %s", sign_in_.user_name().c_str());
  }
}

void DashboardApp::draw_banner(ImVec2 min, ImVec2 max) {
  const services::ConnectionState state = hub_.state();
  if (state.connected) return;
  const ui::Palette& p = ui::palette();
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(min, max, ui::with_alpha(p.poor, 0.9f));
  const std::string text = "Lost the connection to the hub at " + options_.hub_target +
                           ". Reconnecting by itself; what is on screen may be out of date.";
  list->AddText(fonts_.small, fonts_.small->FontSize, ImVec2(min.x + 12.0f, min.y + (max.y - min.y - fonts_.small->FontSize) * 0.5f),
                p.background, text.c_str());
  record_rect(targets_, "connection-lost", min, max);
}

void DashboardApp::save_screenshot(const std::string& name) {
  if (!options_.screenshot_dir || !backend_.has_pixels()) return;
  const auto file = *options_.screenshot_dir / (name + ".png");
  try {
    ui::save_png(backend_.last_frame(), file);
    screenshots_.push_back(file);
  } catch (const std::exception& e) {
    std::cerr << "runform-dashboard: " << e.what() << "\n";  // a missed screenshot never stops the app
  }
}

bool DashboardApp::frame() {
  const double start_s = options_.clock();
  if (!backend_.begin_frame()) {
    exit_ = AppExit::kWindowClosed;
    return false;
  }
  load_fonts_for(backend_.framebuffer_size());
  sign_in_.update(hub_);
  // The live watch starts once signed in (idempotent after that): a watch without a token is
  // refused, and the wall would miss what streams while it waits to retry.
  if (!sign_in_.showing()) hub_.start_live();
  const services::CoachLiveBatch live = hub_.take_live();
  for (const auto& p : panels_) p->on_live(live, start_s);
  advance_script(start_s);
  ImGui::NewFrame();
  targets_.clear();
  ImGuiIO& io = ImGui::GetIO();
  const float scale = std::max(io.DisplaySize.y / ui::kDesignHeightPx, 0.3f);

  ui::begin_canvas();
  std::vector<unsigned> shortcuts;
  if (!io.WantTextInput) {
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) shortcuts.push_back(io.InputQueueCharacters[i]);
  }
  PanelContext ctx{fonts_, scale, ImVec2(kNavWidthPx * scale, 0), io.DisplaySize, hub_, place_, targets_, start_s,
                   {}, [this](std::string_view id) { go_to(id); }};
  draw_navigation(ctx);
  const bool banner = !hub_.state().connected;
  const float top = banner ? kBannerHeightPx * scale : 0.0f;
  draw_banner(ImVec2(kNavWidthPx * scale, 0), ImVec2(io.DisplaySize.x, top));
  ctx.area_min = ImVec2(kNavWidthPx * scale, top);
  ImGui::SetCursorScreenPos(ctx.area_min);
  ImGui::BeginChild("##panel", ImVec2(io.DisplaySize.x - ctx.area_min.x, io.DisplaySize.y - top), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::SetCursorScreenPos(ImVec2(ctx.area_min.x + 16.0f * scale, ctx.area_min.y + 12.0f * scale));
  ctx.area_min = ImVec2(ctx.area_min.x + 16.0f * scale, ctx.area_min.y + 12.0f * scale);
  ctx.area_max = ImVec2(io.DisplaySize.x - 16.0f * scale, io.DisplaySize.y - 12.0f * scale);
  std::string drawn = shown();
  if (sign_in_.showing()) {
    sign_in_.draw(ctx, options_.hub_target);
  } else if (!panels_.empty()) {
    for (unsigned c : shortcuts) {
      if (c >= '1' && c <= '9' && static_cast<std::size_t>(c - '1') < panels_.size()) {
        go_to(panels_[c - '1']->id());
      } else {
        ctx.shortcuts.push_back(c);
      }
    }
    Panel& panel = *panels_[shown_];
    if (!entered_) {
      panel.enter(ctx);
      entered_ = true;
      shown_since_s_ = start_s;
    }
    drawn = panel.id();
    panel.draw(ctx);
  }
  ImGui::EndChild();
  ui::end_canvas();
  ImGui::Render();

  std::vector<std::string> captures = std::move(script_->captures);
  script_->captures.clear();
  if (options_.screenshot_dir) {
    const bool seen = std::find(captured_.begin(), captured_.end(), drawn) != captured_.end();
    const bool settled = drawn != "signin" && start_s - shown_since_s_ >= options_.screenshot_settle_s &&
                         panels_[shown_]->ready();
    if (!seen && settled) {
      captured_.push_back(drawn);
      captures.push_back(drawn);
    }
    if (backend_.pressed(ui::Key::kF12)) captures.push_back("f12-" + std::to_string(++f12_count_) + "-" + drawn);
  }
  if (!captures.empty()) backend_.request_capture();
  backend_.end_frame();
  times_.add((options_.clock() - start_s) * 1000.0);
  for (const std::string& name : captures) save_screenshot(name);

  if (backend_.pressed(ui::Key::kEscape)) exit_ = AppExit::kEscape;
  if (options_.exit_after_s && start_s - started_s_ >= *options_.exit_after_s) exit_ = AppExit::kTimeUp;
  return !exit_.has_value();
}

AppExit DashboardApp::run() {
  const double frame_s = 1.0 / options_.max_fps;
  while (true) {
    const double start_s = options_.clock();
    if (!frame()) break;
    const double left_s = start_s + frame_s - options_.clock();
    if (left_s > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(left_s));
  }
  return *exit_;
}

}  // namespace runform::dashboard
