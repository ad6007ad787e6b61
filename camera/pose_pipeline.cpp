#include "camera/pose_pipeline.h"

namespace runform::camera {

PosePipeline::PosePipeline(FrameSource& source, RunnerTracker& tracker, ResultSink sink, PipelineOptions options)
    : source_(source),
      tracker_(tracker),
      sink_(std::move(sink)),
      options_(std::move(options)),
      drop_stale_(options_.drop_stale.value_or(source.live())) {}

PosePipeline::~PosePipeline() { stop(); }

void PosePipeline::start() {
  capture_thread_ = std::thread([this] { capture_loop(); });
  inference_thread_ = std::thread([this] { inference_loop(); });
}

void PosePipeline::stop() {
  stopping_ = true;
  {
    std::lock_guard lock(wake_mutex_);
    wake_.notify_all();
  }
  slot_.close();
  if (capture_thread_.joinable()) capture_thread_.join();
  if (inference_thread_.joinable()) inference_thread_.join();
}

void PosePipeline::wait() {
  if (capture_thread_.joinable()) capture_thread_.join();
  if (inference_thread_.joinable()) inference_thread_.join();
}

void PosePipeline::fail(const std::string& message) {
  {
    std::lock_guard lock(error_mutex_);
    if (!error_) error_ = message;
  }
  slot_.close();
}

std::optional<std::string> PosePipeline::error() const {
  std::lock_guard lock(error_mutex_);
  return error_;
}

void PosePipeline::capture_loop() {
  while (!stopping_) {
    Item item;
    const double before_s = options_.clock();
    ReadStatus status;
    try {
      status = source_.read(item.frame);
    } catch (const std::exception& e) {
      fail(e.what());
      return;
    }
    if (status == ReadStatus::kEnd) {
      ended_ = true;
      break;
    }
    if (status == ReadStatus::kLost) {
      // The reconnecting source returns at once between attempts; poll it gently.
      std::unique_lock lock(wake_mutex_);
      wake_.wait_for(lock, std::chrono::duration<double>(options_.lost_poll_s), [&] { return stopping_.load(); });
      continue;
    }
    item.ready_s = options_.clock();
    capture_stats_.record((item.ready_s - before_s) * 1000.0);
    const bool put = drop_stale_ ? slot_.put_replacing(std::move(item)) : slot_.put_waiting(std::move(item));
    if (!put) break;
  }
  slot_.close();
}

void PosePipeline::inference_loop() {
  std::uint64_t seen_drops = 0;
  while (auto item = slot_.take()) {
    const std::uint64_t drops = slot_.dropped();
    end_to_end_stats_.add_dropped(drops - seen_drops);
    seen_drops = drops;
    PipelineResult result;
    const double start_s = options_.clock();
    try {
      result.tracked = tracker_.track(item->frame.bgr, item->frame.t_s);
    } catch (const std::exception& e) {
      fail(std::string("pose estimation failed: ") + e.what());
      return;
    }
    const double done_s = options_.clock();
    inference_stats_.record((done_s - start_s) * 1000.0);
    result.frame = std::move(item->frame);
    result.latency_ms = (done_s - item->ready_s) * 1000.0;
    if (sink_) sink_(result);
    end_to_end_stats_.record(result.latency_ms);
  }
  end_to_end_stats_.add_dropped(slot_.dropped() - seen_drops);
  finished_ = ended_.load() && !stopping_.load();
}

PipelineStats PosePipeline::stats() const {
  PipelineStats s{capture_stats_.snapshot(), inference_stats_.snapshot(), end_to_end_stats_.snapshot(), {}};
  if (const auto status = source_.status()) {
    s.source = *status;
  } else {
    s.source.state = ended_ ? SourceStatus::State::kEnded : SourceStatus::State::kStreaming;
    s.source.detail = source_.describe();
    s.source.frames = s.capture.processed;
  }
  return s;
}

}  // namespace runform::camera
