#include "common/cli_conventions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace runform::common {
namespace {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring letters ("hepl" → "help") each cost 1; case is ignored.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0U : 1U)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> closest_match(std::string_view typed, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(typed, c);
    const std::size_t allowed = std::max<std::size_t>(1, std::max(typed.size(), c.size()) / 3);
    if (d <= allowed && (!best || d < best_distance)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates) {
  const auto match = closest_match(typed, candidates);
  return match ? " Did you mean '" + *match + "'?" : "";
}

std::string plain_number(double v) {
  char buf[32];
  if (std::isfinite(v) && std::fabs(v) < 1e15 && v == std::round(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

std::string plain_range(double lo, double hi, std::string_view unit) {
  std::string out = plain_number(lo) + "–" + plain_number(hi);
  if (!unit.empty()) out += " " + std::string(unit);
  return out;
}

}  // namespace runform::common
