#include "dashboard/assessment_create_form.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "dashboard/assessment_form_fields.h"
#include "dashboard/controls.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

template <typename T>
bool arrived(std::future<T>& f) {
  return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

services::AssessmentClient client_for(const services::CoachEndpoint& e) {
  return services::AssessmentClient(e.target, e.ca_file, e.server_name, e.token);
}

std::string step_summary(const services::ProtocolStepSpec& s) {
  std::string text = s.label + " (" + std::to_string(s.duration_s) + " s";
  text += s.view == form::View::kSide ? ", side" : ", front";
  if (s.kind == services::StepKind::kCalibration) text += ", calibration";
  if (s.speed_kmh) text += ", " + std::to_string(static_cast<int>(*s.speed_kmh + 0.5)) + " km/h";
  return text + ")";
}

}  // namespace

void AssessmentCreateForm::open(PanelContext& ctx) {
  if (loading_.valid()) return;
  const services::CoachEndpoint endpoint = ctx.hub.endpoint();
  loading_ = std::async(std::launch::async, [endpoint] { return client_for(endpoint).list_protocols(); });
}

void AssessmentCreateForm::start(PanelContext& ctx, bool create) {
  const services::CoachEndpoint endpoint = ctx.hub.endpoint();
  std::optional<services::ProtocolSpec> to_save;
  std::string protocol_id;
  if (chosen_protocol_ < 0) {
    to_save = to_protocol(protocol_);
  } else {
    protocol_id = protocols_[static_cast<std::size_t>(chosen_protocol_)].protocol_id;
  }
  const AssessmentDraft day = day_;
  outcome_ = create ? "Creating the assessment..." : "Saving the protocol...";
  outcome_failed_ = false;
  outcome_label_ = "create-busy";
  job_ = std::async(std::launch::async, [endpoint, to_save, protocol_id, day, create] {
    Outcome out;
    try {
      auto client = client_for(endpoint);
      std::string id = protocol_id;
      if (to_save) {
        out.saved = client.save_protocol(*to_save);
        id = out.saved->protocol_id;
      }
      if (create) out.assessment_id = client.create_assessment(day.name, day.date, station_list(day.stations), id).assessment_id;
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  });
}

std::optional<std::string> AssessmentCreateForm::draw(PanelContext& ctx, const std::vector<std::string>& known_stations) {
  const ui::Palette& p = ui::palette();
  std::optional<std::string> created;
  if (arrived(loading_)) {
    try {
      protocols_ = loading_.get();
      load_error_.clear();
    } catch (const std::exception& e) {
      load_error_ = std::string("The saved protocols could not be loaded: ") + e.what();
    }
  }
  if (arrived(job_)) {
    Outcome out = job_.get();
    if (!out.error.empty()) {
      outcome_ = "The hub refused: " + out.error;
      outcome_failed_ = true;
      outcome_label_ = "create-failed";
    } else {
      if (out.saved) {
        // Saved for reuse: it is now one of the hub's protocols, chosen in the list.
        protocols_.push_back(*out.saved);
        chosen_protocol_ = static_cast<int>(protocols_.size()) - 1;
        protocol_ = {};
      }
      outcome_ = out.assessment_id.empty() ? "Saved the protocol '" + out.saved->name + "' for reuse."
                                           : "Created '" + day_.name + "' on " + day_.date + ".";
      outcome_failed_ = false;
      outcome_label_ = out.assessment_id.empty() ? "protocol-saved" : "created";
      if (!out.assessment_id.empty()) {
        created = out.assessment_id;
        day_ = {};
        show_errors_ = false;
      }
    }
  }
  ImGui::PushFont(ctx.fonts.body);
  ImGui::TextUnformatted("New assessment");
  ImGui::PopFont();
  FieldErrors day_errors = check_assessment(day_);
  FieldErrors protocol_errors = chosen_protocol_ < 0 ? check_protocol(protocol_) : FieldErrors{};
  form_text_field(ctx, "assessment-name", "name, e.g. Spring squad day", day_.name, 420, day_errors, show_errors_);
  form_text_field(ctx, "assessment-date", "date YYYY-MM-DD", day_.date, 200, day_errors, show_errors_);
  // The client has no call listing the hub's enrolled stations: staff type the ids, or pick the
  // ones earlier days used.
  form_text_field(ctx, "assessment-stations", "stations: st-1, st-2, st-3", day_.stations, 420, day_errors, show_errors_);
  if (!known_stations.empty()) {
    ImGui::TextColored(colour(p.text_dim), "Stations of earlier days:");
    const std::vector<std::string> picked = station_list(day_.stations);
    for (const auto& id : known_stations) {
      ImGui::SameLine();
      bool on = std::find(picked.begin(), picked.end(), id) != picked.end();
      if (ImGui::Checkbox((id + "##station").c_str(), &on)) day_.stations = toggle_station(day_.stations, id);
      record_last_item(ctx.targets, "station:" + id);
    }
  }
  ImGui::Spacing();
  draw_protocol_choice(ctx);
  if (chosen_protocol_ < 0) draw_editor(ctx, protocol_errors);
  ImGui::Spacing();
  const bool busy = job_.valid();
  ImGui::BeginDisabled(busy);
  if (chosen_protocol_ < 0 && button(ctx.targets, "Save protocol")) {
    show_errors_ = true;
    if (protocol_errors.empty()) start(ctx, /*create=*/false);
  }
  if (chosen_protocol_ < 0) ImGui::SameLine();
  if (button(ctx.targets, "Create assessment")) {
    show_errors_ = true;
    if (day_errors.empty() && protocol_errors.empty()) start(ctx, /*create=*/true);
  }
  ImGui::EndDisabled();
  if (show_errors_ && !(day_errors.empty() && protocol_errors.empty())) {
    ImGui::SameLine();
    ImGui::TextColored(colour(p.poor), "Fix the fields in red first.");
  }
  form_outcome(ctx, outcome_label_, outcome_, outcome_failed_);
  return created;
}

void AssessmentCreateForm::draw_protocol_choice(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  ImGui::TextUnformatted("Protocol");
  if (!load_error_.empty()) ImGui::TextColored(colour(p.poor), "%s", load_error_.c_str());
  if (loading_.valid()) ImGui::TextColored(colour(p.text_dim), "Loading the saved protocols...");
  for (std::size_t i = 0; i < protocols_.size(); ++i) {
    const auto& spec = protocols_[i];
    std::string text = spec.name + ":  ";
    for (std::size_t s = 0; s < spec.steps.size(); ++s) text += (s ? " → " : "") + step_summary(spec.steps[s]);
    if (selectable(ctx.targets, "protocol:" + spec.name, text, chosen_protocol_ == static_cast<int>(i))) {
      chosen_protocol_ = static_cast<int>(i);
    }
  }
  // The chosen saved protocol as the start of a new one (a saved protocol is never edited in
  // place: past assessments keep their copy, and others may run it today).
  if (chosen_protocol_ >= 0 && button(ctx.targets, "Copy into the editor")) {
    protocol_ = draft_from(protocols_[static_cast<std::size_t>(chosen_protocol_)]);
    chosen_protocol_ = -1;
    show_errors_ = false;
  }
  if (selectable(ctx.targets, "New protocol", "+ A new protocol (the editor)", chosen_protocol_ < 0)) chosen_protocol_ = -1;
}

void AssessmentCreateForm::draw_editor(PanelContext& ctx, const FieldErrors& errors) {
  const ui::Palette& p = ui::palette();
  ImGui::Indent(24.0f * ctx.scale);
  form_text_field(ctx, "protocol-name", "protocol name, e.g. Squad check", protocol_.name, 420, errors, show_errors_);
  std::optional<std::size_t> remove, up, down;
  for (std::size_t i = 0; i < protocol_.steps.size(); ++i) {
    StepDraft& s = protocol_.steps[i];
    const std::string n = std::to_string(i + 1);
    ImGui::PushID(static_cast<int>(i));
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s.", n.c_str());
    ImGui::SameLine();
    form_text_field(ctx, step_field(i, "label"), "label", s.label, 220, errors, false);
    ImGui::SameLine();
    if (button(ctx.targets, std::string(s.calibration ? "Calibration" : "Run") + "###kind" + n)) s.calibration = !s.calibration;
    record_last_item(ctx.targets, step_field(i, "kind"));
    ImGui::SameLine();
    if (button(ctx.targets, std::string(s.side_view ? "Side view" : "Front view") + "###view" + n)) s.side_view = !s.side_view;
    record_last_item(ctx.targets, step_field(i, "view"));
    ImGui::SameLine();
    form_text_field(ctx, step_field(i, "duration"), "seconds", s.duration_s, 110, errors, false);
    ImGui::SameLine();
    form_text_field(ctx, step_field(i, "speed"), "km/h (optional)", s.speed_kmh, 160, errors, false);
    ImGui::SameLine();
    form_text_field(ctx, step_field(i, "incline"), "% (optional)", s.incline_pct, 130, errors, false);
    ImGui::SameLine();
    ImGui::BeginDisabled(i == 0);
    if (button(ctx.targets, "Up##" + n)) up = i;
    record_last_item(ctx.targets, step_field(i, "up"));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(i + 1 == protocol_.steps.size());
    if (button(ctx.targets, "Down##" + n)) down = i;
    record_last_item(ctx.targets, step_field(i, "down"));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (button(ctx.targets, "Remove##" + n)) remove = i;
    record_last_item(ctx.targets, step_field(i, "remove"));
    // This step's errors on the line under it, each under its own key.
    if (show_errors_) {
      bool first = true;
      for (const char* field : {"label", "duration", "speed", "incline"}) {
        const auto it = errors.find(step_field(i, field));
        if (it == errors.end()) continue;
        if (!first) ImGui::SameLine();
        if (first) ImGui::Indent(40.0f * ctx.scale);
        ImGui::TextColored(colour(p.poor), "%s: %s", field, it->second.c_str());
        record_last_item(ctx.targets, "error:" + it->first);
        first = false;
      }
      if (!first) ImGui::Unindent(40.0f * ctx.scale);
    }
    ImGui::PopID();
  }
  if (up) std::swap(protocol_.steps[*up], protocol_.steps[*up - 1]);
  if (down) std::swap(protocol_.steps[*down], protocol_.steps[*down + 1]);
  if (remove) protocol_.steps.erase(protocol_.steps.begin() + static_cast<std::ptrdiff_t>(*remove));
  ImGui::BeginDisabled(protocol_.steps.size() >= static_cast<std::size_t>(kMaxProtocolSteps));
  if (button(ctx.targets, "Add step")) protocol_.steps.push_back({});
  ImGui::EndDisabled();
  form_field_error(ctx, "protocol-steps", errors, show_errors_);
  ImGui::Unindent(24.0f * ctx.scale);
}

}  // namespace runform::dashboard
