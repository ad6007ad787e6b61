#include "tools/render_video.h"

#include <opencv2/videoio.hpp>
#include <stdexcept>

#include "sim/synthetic_video.h"

namespace runform::tools {

void render_video(const sim::SimulationSpec& spec, bool plain, const std::string& path,
                  const std::function<void(long, long)>& progress) {
  sim::RenderOptions options;
  options.style.markers = !plain;
  sim::SyntheticVideo video(spec, options);
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), spec.camera.fps,
                         {spec.camera.width_px, spec.camera.height_px});
  if (!writer.isOpened()) throw std::runtime_error("cannot write the video " + path + " (check the folder and the .mp4 name)");
  sim::RenderedFrame frame;
  long done = 0;
  while (video.next(frame)) {
    writer.write(frame.bgr);
    if (progress && ++done % 30 == 0) progress(done, video.frame_count());
  }
  if (progress) progress(video.frame_count(), video.frame_count());
}

}  // namespace runform::tools
