#include "camera/frame_source.h"

namespace runform::camera {

std::string_view to_string(SourceStatus::State state) {
  switch (state) {
    case SourceStatus::State::kConnecting: return "connecting";
    case SourceStatus::State::kStreaming: return "streaming";
    case SourceStatus::State::kLost: return "lost";
    case SourceStatus::State::kEnded: return "ended";
  }
  return "unknown";
}

}  // namespace runform::camera
