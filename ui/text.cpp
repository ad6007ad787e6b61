#include "ui/text.h"

#include <algorithm>
#include <string>
#include <vector>

namespace runform::ui {
namespace {

// A line may shrink to this share of its size before the caller should wrap instead.
constexpr float kMinShrink = 0.5f;

float aligned_x(ImVec2 box_min, ImVec2 box_max, float width, Align align) {
  switch (align) {
    case Align::kLeft: return box_min.x;
    case Align::kCenter: return box_min.x + (box_max.x - box_min.x - width) * 0.5f;
    case Align::kRight: return box_max.x - width;
  }
  return box_min.x;
}

// Greedy word wrap at `size_px`.
std::vector<std::string> wrap_lines(ImFont* font, float size_px, float width, std::string_view text) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of(" \n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string word(text.substr(pos, end - pos));
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_size(font, size_px, candidate).x > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    if (end < text.size() && text[end] == '\n') {
      lines.push_back(line);
      line.clear();
    }
    pos = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

ImVec2 text_size(ImFont* font, float size_px, std::string_view text) {
  return font->CalcTextSizeA(size_px, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
}

float draw_fitted(ImDrawList* list, ImFont* font, float size_px, ImVec2 box_min, ImVec2 box_max,
                  std::string_view text, ImU32 colour, Align align) {
  const float width = box_max.x - box_min.x;
  float size = std::min(size_px, box_max.y - box_min.y);  // a line is `size` tall
  const float natural = text_size(font, size, text).x;
  if (natural > width && natural > 0.0f) size = std::max(size * width / natural, size_px * kMinShrink);
  const ImVec2 extent = text_size(font, size, text);
  const float y = box_min.y + (box_max.y - box_min.y - extent.y) * 0.5f;
  list->AddText(font, size, ImVec2(aligned_x(box_min, box_max, extent.x, align), y), colour, text.data(),
                text.data() + text.size());
  return size;
}

float draw_wrapped(ImDrawList* list, ImFont* font, float size_px, ImVec2 box_min, ImVec2 box_max,
                   std::string_view text, ImU32 colour, Align align) {
  const float width = box_max.x - box_min.x;
  const float height = box_max.y - box_min.y;
  float size = size_px;
  std::vector<std::string> lines = wrap_lines(font, size, width, text);
  // Shrink in 10% steps until the block fits the box (bounded: at most ~12 steps to kMinShrink²).
  while (size > size_px * kMinShrink * kMinShrink &&
         static_cast<float>(lines.size()) * size * 1.15f > height) {
    size *= 0.9f;
    lines = wrap_lines(font, size, width, text);
  }
  float y = box_min.y;
  for (const std::string& line : lines) {
    const ImVec2 extent = text_size(font, size, line);
    list->AddText(font, size, ImVec2(aligned_x(box_min, box_max, extent.x, align), y), colour, line.c_str());
    y += size * 1.15f;
  }
  return y - box_min.y;
}

}  // namespace runform::ui
