#include "dashboard/assessment_form_fields.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "dashboard/controls.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

constexpr std::size_t kFieldChars = 256;  // the longest name or path a form takes

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace

void form_text_field(PanelContext& ctx, const std::string& key, const char* hint, std::string& value, float width_px,
                     const FieldErrors& errors, bool show_errors) {
  // ImGui edits its own copy while the field is active and writes back on each change.
  char buffer[kFieldChars] = {};
  std::memcpy(buffer, value.data(), std::min(value.size(), kFieldChars - 1));
  ImGui::SetNextItemWidth(width_px * ctx.scale);
  if (ImGui::InputTextWithHint(("##" + key).c_str(), hint, buffer, sizeof buffer)) value = buffer;
  record_last_item(ctx.targets, key);
  form_field_error(ctx, key, errors, show_errors);
}

void form_field_error(PanelContext& ctx, const std::string& key, const FieldErrors& errors, bool show_errors) {
  if (!show_errors) return;
  const auto it = errors.find(key);
  if (it == errors.end()) return;
  ImGui::SameLine();
  ImGui::TextColored(colour(ui::palette().poor), "%s", it->second.c_str());
  record_last_item(ctx.targets, "error:" + key);
}

void form_outcome(PanelContext& ctx, const std::string& label, const std::string& text, bool failed) {
  if (text.empty()) return;
  const ui::Palette& p = ui::palette();
  ImGui::PushTextWrapPos(ctx.area_max.x - 20.0f * ctx.scale);
  ImGui::TextColored(colour(failed ? p.poor : p.good), "%s", text.c_str());
  ImGui::PopTextWrapPos();
  record_last_item(ctx.targets, label);
}

}  // namespace runform::dashboard
