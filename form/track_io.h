// Reader and writer for the landmark track file (.jsonl) of PRODUCT.md.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "form/landmarks.h"

namespace runform::form {

/// First line of a track file.
struct TrackHeader {
  int width_px = 0;
  int height_px = 0;
  double fps = 0.0;
  View view = View::kAuto;
};

/// A malformed track; what() names the line and the problem.
class TrackFormatError : public std::runtime_error {
 public:
  TrackFormatError(std::size_t line, const std::string& problem);
  /// 1-based line number of the offending line.
  [[nodiscard]] std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

/// Streams frames from a track, validating every line: its syntax (strict JSON for this schema,
/// nesting bounded, lines at most 1 MiB, an optional UTF-8 byte-order mark), then the shared
/// rules of common/track_rules.h (image size, fps, times, landmarks inside the image), the same
/// rules the hub applies.
class TrackReader {
 public:
  /// Reads and validates the header; throws TrackFormatError on an empty file or a bad header.
  explicit TrackReader(std::istream& in);

  /// The validated header.
  [[nodiscard]] const TrackHeader& header() const { return header_; }
  /// The next frame, or nullopt at the end; throws TrackFormatError on a bad line.
  std::optional<PoseFrame> next();
  /// Frames returned so far.
  [[nodiscard]] std::size_t frames_read() const { return frames_read_; }

 private:
  std::istream& in_;
  TrackHeader header_;
  std::string line_text_;
  std::size_t line_number_ = 0;
  std::size_t frames_read_ = 0;
  std::optional<double> last_t_s_;
};

/// Parses one frame line's syntax (exposed for tests); throws TrackFormatError naming
/// `line_number`. The reader also checks the frame against the header (common/track_rules.h).
PoseFrame parse_frame_line(const std::string& text, std::size_t line_number);
/// Parses a header line (exposed for tests).
TrackHeader parse_header_line(const std::string& text, std::size_t line_number);

/// Writes the header line.
void write_header(std::ostream& out, const TrackHeader& header);
/// Writes one frame line, with coordinates to 0.01 px and confidence to 0.001.
void write_frame(std::ostream& out, const PoseFrame& frame);

}  // namespace runform::form
