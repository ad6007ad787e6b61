#include "tools/native_logs.h"

#include <opencv2/core/utils/logger.hpp>

extern "C" {
#include <libavutil/log.h>
}

namespace runform::tools {
namespace {

void drop_ffmpeg_line(void*, int, const char*, va_list) {}

}  // namespace

void quiet_native_logs(bool verbose) {
  // Warnings and errors go to stderr; INFO would go to stdout, into the JSON.
  cv::utils::logging::setLogLevel(verbose ? cv::utils::logging::LOG_LEVEL_WARNING : cv::utils::logging::LOG_LEVEL_SILENT);
  // OpenCV's FFmpeg backend only sets a level (AV_LOG_ERROR) when it starts, never a callback
  // (unless OPENCV_FFMPEG_DEBUG is set), so this callback stays in place.
  av_log_set_callback(verbose ? av_log_default_callback : drop_ffmpeg_line);
}

}  // namespace runform::tools
