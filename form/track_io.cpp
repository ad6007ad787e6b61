#include "form/track_io.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "common/track_rules.h"

namespace runform::form {
namespace {

// Unknown keys may hold nested values; deeper nesting than this is not a track (and unbounded
// recursion on `[[[[…` would overflow the stack).
constexpr int kMaxNestingDepth = 32;
// A frame line is about 400 bytes; unknown keys may add some. A longer line is not a track
// line, and reading it whole could exhaust memory.
constexpr std::size_t kMaxLineBytes = 1 << 20;
// The UTF-8 byte-order mark some editors put at the start of a file.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A strict cursor over one JSON line. Tracks can hold 100k+ lines, so this parses the
// fixed schema directly (std::from_chars) instead of building a generic document.
class LineCursor {
 public:
  LineCursor(std::string_view text, std::size_t line) : text_(text), line_(line) {}

  [[noreturn]] void fail(const std::string& problem) const { throw TrackFormatError(line_, problem); }

  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) ++pos_;
  }
  bool peek_is(char c) {
    skip_ws();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c) {
    skip_ws();
    if (pos_ >= text_.size() || text_[pos_] != c) {
      fail(std::string("expected '") + c + "' at column " + std::to_string(pos_ + 1));
    }
    ++pos_;
  }
  // True and consumed when the next char is c.
  bool accept(char c) {
    if (!peek_is(c)) return false;
    ++pos_;
    return true;
  }
  std::string_view string() {
    expect('"');
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') fail("escape sequences are not supported in track keys or values");
      ++pos_;
    }
    if (pos_ >= text_.size()) fail("unterminated string");
    return text_.substr(start, pos_++ - start);
  }
  double number(std::string_view what) {
    skip_ws();
    if (text_.compare(pos_, 3, "NaN") == 0 || text_.compare(pos_, 3, "nan") == 0 ||
        text_.compare(pos_, 8, "Infinity") == 0 || text_.compare(pos_, 9, "-Infinity") == 0 ||
        text_.compare(pos_, 3, "inf") == 0) {
      fail(std::string(what) + " is not a finite number");
    }
    double value = 0.0;
    const char* begin = text_.data() + pos_;
    const auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), value);
    if (ec != std::errc()) fail(std::string(what) + " is not a number at column " + std::to_string(pos_ + 1));
    if (!std::isfinite(value)) fail(std::string(what) + " is not a finite number");
    pos_ += static_cast<std::size_t>(end - begin);
    return value;
  }
  // Skips any JSON value (for keys this version does not know), nested at most kMaxNestingDepth.
  void skip_value(int depth = 0) {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of line");
    const char c = text_[pos_];
    if (c == '"') {
      (void)string();
    } else if (c == '{' || c == '[') {
      if (depth >= kMaxNestingDepth) {
        fail("values nested deeper than " + std::to_string(kMaxNestingDepth) + " levels at column " + std::to_string(pos_ + 1));
      }
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (accept(close)) return;
      do {
        if (close == '}') {
          (void)string();
          expect(':');
        }
        skip_value(depth + 1);
      } while (accept(','));
      expect(close);
    } else if (text_.compare(pos_, 4, "true") == 0 || text_.compare(pos_, 4, "null") == 0) {
      pos_ += 4;
    } else if (text_.compare(pos_, 5, "false") == 0) {
      pos_ += 5;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      fail("unquoted word at column " + std::to_string(pos_ + 1) +
           ": a value must be a number, a \"string\", true, false or null");
    } else {
      (void)number("value");
    }
  }
  void expect_end() {
    skip_ws();
    if (pos_ != text_.size()) fail("unexpected text after the JSON object at column " + std::to_string(pos_ + 1));
  }

 private:
  std::string_view text_;
  std::size_t line_;
  std::size_t pos_ = 0;
};

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

// Reads one line (without its '\n') into `line`; false at the end of input. A line longer than
// kMaxLineBytes throws, naming it, without reading the rest into memory.
bool read_line(std::istream& in, std::string& line, std::size_t line_number) {
  line.clear();
  std::streambuf* buffer = in.rdbuf();
  if (buffer == nullptr || !in.good()) return false;
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return !line.empty();
    }
    if (c == '\n') return true;
    if (line.size() >= kMaxLineBytes) {
      throw TrackFormatError(line_number, "line longer than " + std::to_string(kMaxLineBytes / 1024) +
                                              " KiB: not a track line (is this a RunForm track?)");
    }
    line.push_back(static_cast<char>(c));
  }
}

// Applies the shared track rules (common/track_rules.h) to a parsed frame.
void check_frame(const PoseFrame& frame, const TrackHeader& header, std::size_t line_number) {
  if (const auto problem = common::frame_time_problem(frame.t_s)) throw TrackFormatError(line_number, *problem);
  for (std::size_t i = 0; i < kKeypointCount; ++i) {
    const Landmark& lm = frame.keypoints[i];
    if (const auto problem = common::landmark_problem(static_cast<int>(i), lm.x_px, lm.y_px, lm.confidence, header.width_px,
                                                      header.height_px, common::kTrackLandmarkMarginFraction)) {
      throw TrackFormatError(line_number, *problem);
    }
  }
}

}  // namespace

TrackFormatError::TrackFormatError(std::size_t line, const std::string& problem)
    : std::runtime_error("line " + std::to_string(line) + ": " + problem), line_(line) {}

TrackHeader parse_header_line(const std::string& text, std::size_t line_number) {
  LineCursor cur(text, line_number);
  TrackHeader header;
  bool format_ok = false;
  bool version_ok = false;
  double width_px = 0.0;
  double height_px = 0.0;
  cur.expect('{');
  if (!cur.accept('}')) {
    do {
      const std::string_view key = cur.string();
      cur.expect(':');
      if (key == "format") {
        if (cur.string() != "runform-landmarks") cur.fail("header: format must be \"runform-landmarks\"");
        format_ok = true;
      } else if (key == "version") {
        if (cur.number("header version") != 1.0) cur.fail("header: unsupported version (this reader reads version 1)");
        version_ok = true;
      } else if (key == "width") {
        width_px = cur.number("header width");
      } else if (key == "height") {
        height_px = cur.number("header height");
      } else if (key == "fps") {
        header.fps = cur.number("header fps");
      } else if (key == "view") {
        const std::string_view v = cur.string();
        if (v == "front") header.view = View::kFront;
        else if (v == "side") header.view = View::kSide;
        else if (v == "auto") header.view = View::kAuto;
        else cur.fail("header: view must be \"front\", \"side\" or \"auto\"");
      } else {
        cur.skip_value();
      }
    } while (cur.accept(','));
    cur.expect('}');
  }
  cur.expect_end();
  if (!format_ok) cur.fail("header: missing \"format\":\"runform-landmarks\" (is this a RunForm track?)");
  if (!version_ok) cur.fail("header: missing \"version\"");
  if (const auto problem = common::image_size_problem(width_px, height_px)) cur.fail("header: " + *problem);
  if (const auto problem = common::fps_problem(header.fps)) cur.fail("header: " + *problem);
  header.width_px = static_cast<int>(width_px);
  header.height_px = static_cast<int>(height_px);
  return header;
}

PoseFrame parse_frame_line(const std::string& text, std::size_t line_number) {
  LineCursor cur(text, line_number);
  PoseFrame frame;
  bool have_t = false;
  bool have_keypoints = false;
  cur.expect('{');
  if (!cur.accept('}')) {
    do {
      const std::string_view key = cur.string();
      cur.expect(':');
      if (key == "t") {
        frame.t_s = cur.number("t");
        have_t = true;
      } else if (key == "keypoints") {
        cur.expect('[');
        std::size_t count = 0;
        if (!cur.accept(']')) {
          do {
            if (count >= kKeypointCount) cur.fail("keypoints: more than 17 entries (COCO-17 expected)");
            Landmark& lm = frame.keypoints[count];
            cur.expect('[');
            lm.x_px = cur.number("keypoint x");
            cur.expect(',');
            lm.y_px = cur.number("keypoint y");
            cur.expect(',');
            lm.confidence = cur.number("keypoint confidence");
            if (cur.peek_is(',')) cur.fail("keypoint " + std::to_string(count) + ": expected [x,y,c], got more values");
            cur.expect(']');
            ++count;
          } while (cur.accept(','));
          cur.expect(']');
        }
        if (count != kKeypointCount) {
          cur.fail("keypoints: expected 17 entries (COCO-17), got " + std::to_string(count));
        }
        have_keypoints = true;
      } else {
        cur.skip_value();
      }
    } while (cur.accept(','));
    cur.expect('}');
  }
  cur.expect_end();
  if (!have_t) cur.fail("frame: missing \"t\"");
  if (!have_keypoints) cur.fail("frame: missing \"keypoints\"");
  return frame;
}

TrackReader::TrackReader(std::istream& in) : in_(in) {
  while (read_line(in_, line_text_, line_number_ + 1)) {
    ++line_number_;
    if (line_number_ == 1 && line_text_.starts_with(kUtf8Bom)) line_text_.erase(0, kUtf8Bom.size());
    if (is_blank(line_text_)) continue;
    header_ = parse_header_line(line_text_, line_number_);
    return;
  }
  throw TrackFormatError(line_number_ == 0 ? 1 : line_number_, "empty file: expected a runform-landmarks header line");
}

std::optional<PoseFrame> TrackReader::next() {
  while (read_line(in_, line_text_, line_number_ + 1)) {
    ++line_number_;
    if (is_blank(line_text_)) continue;
    PoseFrame frame = parse_frame_line(line_text_, line_number_);
    check_frame(frame, header_, line_number_);
    if (last_t_s_) {
      if (const auto problem = common::time_order_problem(frame.t_s, *last_t_s_)) throw TrackFormatError(line_number_, *problem);
    }
    last_t_s_ = frame.t_s;
    ++frames_read_;
    return frame;
  }
  if (frames_read_ == 0) throw TrackFormatError(line_number_ + 1, "no frames after the header");
  return std::nullopt;
}

void write_header(std::ostream& out, const TrackHeader& header) {
  out << R"({"format":"runform-landmarks","version":1,"width":)" << header.width_px << R"(,"height":)"
      << header.height_px << R"(,"fps":)" << header.fps << R"(,"view":")" << to_string(header.view) << "\"}\n";
}

void write_frame(std::ostream& out, const PoseFrame& frame) {
  // snprintf keeps the writer fast and locale-independent for 100k-frame tracks.
  char buf[64];
  std::snprintf(buf, sizeof buf, R"({"t":%.4f,"keypoints":[)", frame.t_s);
  out << buf;
  for (std::size_t i = 0; i < kKeypointCount; ++i) {
    const Landmark& lm = frame.keypoints[i];
    std::snprintf(buf, sizeof buf, "%s[%.2f,%.2f,%.3f]", i == 0 ? "" : ",", lm.x_px, lm.y_px, lm.confidence);
    out << buf;
  }
  out << "]}\n";
}

}  // namespace runform::form
