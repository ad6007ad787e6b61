// libFuzzer target: any bytes as a video file through the camera's file source (see
// input_contracts.h). Built with clang only (the fuzz preset); seed it with small clips.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "input_contracts.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("runform-video-fuzz-" + std::to_string(::getpid()) + ".avi");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const auto broken = runform::fuzz::check_video_bytes(bytes, scratch)) {
    std::fprintf(stderr, "video source contract broken: %s\n", broken->c_str());
    std::abort();
  }
  return 0;
}
