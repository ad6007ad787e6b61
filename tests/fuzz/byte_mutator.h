// A small deterministic mutator for the bounded fuzz loops in CTest: byte flips, insertions,
// deletions, duplicated ranges, and tokens that have broken parsers before (deep nesting,
// huge and tiny numbers, a byte-order mark, NaN, line breaks).
#pragma once

#include <array>
#include <random>
#include <string>
#include <string_view>

namespace runform::fuzz {

/// Mutates bytes with a seeded generator, so a failing case can be replayed from its seed.
class ByteMutator {
 public:
  explicit ByteMutator(unsigned seed) : rng_(seed) {}

  /// One to four random edits of `input`.
  std::string mutate(std::string input) {
    const int edits = 1 + static_cast<int>(pick(4));
    for (int i = 0; i < edits; ++i) edit(input);
    return input;
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  void edit(std::string& s) {
    static constexpr std::array<std::string_view, 22> kTokens{
        "[", "]", "{", "}", ",", ":", "\"", "\n", "\r\n", "NaN", "1e308", "1e-300", "-5000", "1e999", "true", "null",
        "\xEF\xBB\xBF", "\"t\":", "\"keypoints\":", "\\u0000", "-0", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["};
    const std::size_t at = pick(s.size() + 1);
    switch (pick(7)) {
      case 0:  // flip a byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(pick(256));
        break;
      case 1:  // insert a byte
        s.insert(at, 1, static_cast<char>(pick(256)));
        break;
      case 2:  // delete a range
        if (!s.empty()) s.erase(pick(s.size()), 1 + pick(64));
        break;
      case 3:  // duplicate a range
        if (!s.empty()) {
          const std::size_t from = pick(s.size());
          s.insert(at, s.substr(from, 1 + pick(256)));
        }
        break;
      case 4:  // a token that has broken parsers
        s.insert(at, kTokens[pick(kTokens.size())]);
        break;
      case 5:  // very deep nesting
        s.insert(at, std::string(1 + pick(20000), pick(2) == 0 ? '[' : '{'));
        break;
      default:  // truncate
        s.resize(at);
        break;
    }
  }

  std::mt19937 rng_;
};

}  // namespace runform::fuzz
