#include "common/cli_conventions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace runform::common {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
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
