#include "form/track_io.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace runform::form {
namespace {

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
  // Skips any JSON value (for keys this version does not know).
  void skip_value() {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of line");
    const char c = text_[pos_];
    if (c == '"') {
      (void)string();
    } else if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (accept(close)) return;
      do {
        if (close == '}') {
          (void)string();
          expect(':');
        }
        skip_value();
      } while (accept(','));
      expect(close);
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']') ++pos_;
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

}  // namespace

TrackFormatError::TrackFormatError(std::size_t line, const std::string& problem)
    : std::runtime_error("line " + std::to_string(line) + ": " + problem), line_(line) {}

TrackHeader parse_header_line(const std::string& text, std::size_t line_number) {
  LineCursor cur(text, line_number);
  TrackHeader header;
  bool format_ok = false;
  bool version_ok = false;
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
        header.width_px = static_cast<int>(cur.number("header width"));
      } else if (key == "height") {
        header.height_px = static_cast<int>(cur.number("header height"));
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
  if (header.width_px <= 0 || header.height_px <= 0) cur.fail("header: width and height must be positive pixels");
  if (!(header.fps > 0.0)) cur.fail("header: fps must be positive");
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
            if (lm.confidence < 0.0 || lm.confidence > 1.0) {
              cur.fail("keypoint " + std::to_string(count) + ": confidence must be in [0,1]");
            }
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
  while (std::getline(in_, line_text_)) {
    ++line_number_;
    if (is_blank(line_text_)) continue;
    header_ = parse_header_line(line_text_, line_number_);
    return;
  }
  throw TrackFormatError(line_number_ == 0 ? 1 : line_number_, "empty file: expected a runform-landmarks header line");
}

std::optional<PoseFrame> TrackReader::next() {
  while (std::getline(in_, line_text_)) {
    ++line_number_;
    if (is_blank(line_text_)) continue;
    PoseFrame frame = parse_frame_line(line_text_, line_number_);
    if (last_t_s_ && frame.t_s <= *last_t_s_) {
      throw TrackFormatError(line_number_, "time goes backwards or repeats: t=" + std::to_string(frame.t_s) +
                                               " after t=" + std::to_string(*last_t_s_));
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
