#include "services/hub/page_token.h"

namespace runform::services {

namespace {

constexpr std::string_view kDigits = "0123456789abcdef";
constexpr std::string_view kPrefix = "p1";  // token format version

int digit_value(char c) {
  const auto pos = kDigits.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string encode_page_token(std::string_view position) {
  std::string out(kPrefix);
  for (const char c : position) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0xF]);
  }
  return out;
}

std::optional<std::string> decode_page_token(std::string_view token) {
  if (!token.starts_with(kPrefix) || (token.size() - kPrefix.size()) % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = kPrefix.size(); i < token.size(); i += 2) {
    const int hi = digit_value(token[i]);
    const int lo = digit_value(token[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace runform::services
