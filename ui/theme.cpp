#include "ui/theme.h"

#include <algorithm>

namespace runform::ui {

const Palette& palette() {
  static const Palette kPalette{
      IM_COL32(16, 24, 32, 255),    // background: deep blue-grey
      IM_COL32(34, 46, 58, 255),    // panel
      IM_COL32(52, 70, 88, 255),    // panel_hot
      IM_COL32(240, 244, 248, 255), // text
      IM_COL32(160, 176, 192, 255), // text_dim
      IM_COL32(64, 200, 190, 255),  // accent: teal
      IM_COL32(96, 204, 120, 255),  // good: green
      IM_COL32(240, 190, 80, 255),  // fair: amber
      IM_COL32(240, 128, 110, 255), // poor: coral
      IM_COL32(110, 122, 134, 255), // off: grey
      IM_COL32(90, 230, 220, 255),  // skeleton
  };
  return kPalette;
}

ImU32 score_colour(std::optional<double> score) {
  const Palette& p = palette();
  if (!score) return p.off;
  if (*score >= kGoodScore) return p.good;
  if (*score >= kFairScore) return p.fair;
  return p.poor;
}

float layout_scale(ImVec2 display_px) {
  return std::max(std::min(display_px.x / kDesignWidthPx, display_px.y / kDesignHeightPx), 0.01f);
}

Layout layout_for(ImVec2 display_px) {
  Layout layout;
  layout.scale = layout_scale(display_px);
  layout.origin = ImVec2((display_px.x - kDesignWidthPx * layout.scale) * 0.5f,
                         (display_px.y - kDesignHeightPx * layout.scale) * 0.5f);
  return layout;
}

ImU32 with_alpha(ImU32 colour, float alpha) {
  const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f + 0.5f);
  return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void apply_kiosk_style(float scale) {
  ImGuiStyle style;  // fresh defaults, so applying twice does not compound the scale
  ImGui::StyleColorsDark(&style);
  const Palette& p = palette();
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
  style.Colors[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(p.text_dim);
  style.Colors[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(p.panel);
  style.Colors[ImGuiCol_ButtonHovered] = ImGui::ColorConvertU32ToFloat4(p.panel_hot);
  style.Colors[ImGuiCol_ButtonActive] = ImGui::ColorConvertU32ToFloat4(p.accent);
  style.WindowBorderSize = 0.0f;
  style.WindowRounding = 0.0f;
  style.FrameRounding = 18.0f;
  style.WindowPadding = ImVec2(48.0f, 40.0f);
  style.ItemSpacing = ImVec2(24.0f, 20.0f);
  style.FramePadding = ImVec2(24.0f, 16.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace runform::ui
