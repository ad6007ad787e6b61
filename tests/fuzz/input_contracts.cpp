#include "input_contracts.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "camera/source_spec.h"
#include "form/track_io.h"

namespace runform::fuzz {

std::optional<std::string> check_track_bytes(std::string_view bytes) {
  std::istringstream in{std::string(bytes)};
  // A line is ended by '\n'; the error may name the line after the last (e.g. "no frames").
  const auto lines = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n')) + 1;
  try {
    form::TrackReader reader(in);
    std::size_t frames = 0;
    while (reader.next()) {
      if (++frames > bytes.size()) return "more frames than bytes: the reader does not advance";
    }
  } catch (const form::TrackFormatError& e) {
    // "line N: problem", N a line of the input.
    const std::string_view what = e.what();
    const std::size_t digits_end = what.find_first_not_of("0123456789", 5);
    if (!what.starts_with("line ") || digits_end == 5 || digits_end == std::string_view::npos ||
        what.substr(digits_end, 2) != ": " || what.size() <= digits_end + 2) {
      return std::string("an error that does not name the line: ") + e.what();
    }
    const unsigned long line = std::stoul(std::string(what.substr(5, digits_end - 5)));
    if (line == 0 || line > lines + 1) {
      return "an error naming line " + std::to_string(line) + " of a " + std::to_string(lines) + "-line input: " + e.what();
    }
    if (e.line() != line) return "TrackFormatError::line() disagrees with its message";
  } catch (const std::exception& e) {
    return std::string("an exception other than TrackFormatError: ") + e.what();
  }
  return std::nullopt;
}

std::optional<std::string> check_video_bytes(std::string_view bytes, const std::filesystem::path& scratch) {
  {
    std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  try {
    const auto source = camera::open_frame_source(scratch.string());
    camera::CapturedFrame frame;
    for (int i = 0;; ++i) {
      if (i > kMaxVideoFrames) return "more than " + std::to_string(kMaxVideoFrames) + " frames from a small file: endless";
      const camera::ReadStatus status = source->read(frame);
      if (status == camera::ReadStatus::kEnd) break;
      if (status == camera::ReadStatus::kLost) return "a video file reported itself lost (only live sources may)";
      if (frame.bgr.empty()) return "an empty frame delivered as a frame";
    }
  } catch (const camera::SourceError&) {
    // The promised way to refuse a file.
  } catch (const std::exception& e) {
    return std::string("an exception other than SourceError: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace runform::fuzz
