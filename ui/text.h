// Text drawn at a chosen size inside a box: shrunk to fit rather than clipped, and wrapped
// into lines when asked. Screens never let a translated cue run off the edge.
#pragma once

#include <imgui.h>

#include <string_view>

namespace runform::ui {

/// Horizontal placement inside the box.
enum class Align { kLeft, kCenter, kRight };

/// Draws one line of `text` in `font` at up to `size_px` (and at most the box's height), shrunk until it fits `box`'s width
/// (never below half size: beyond that the text is wrapped by draw_wrapped instead); vertically
/// centred. Returns the size used.
float draw_fitted(ImDrawList* list, ImFont* font, float size_px, ImVec2 box_min, ImVec2 box_max,
                  std::string_view text, ImU32 colour, Align align = Align::kCenter);

/// Draws `text` wrapped to `box`'s width at `size_px`, shrinking the size until every line fits
/// the box's height. Returns the height used.
float draw_wrapped(ImDrawList* list, ImFont* font, float size_px, ImVec2 box_min, ImVec2 box_max,
                   std::string_view text, ImU32 colour, Align align = Align::kLeft);

/// Width and height of one line of text at a size.
ImVec2 text_size(ImFont* font, float size_px, std::string_view text);

}  // namespace runform::ui
