// The camera pipeline: a capture thread reads frames, an inference thread runs the tracker
// (and through it the pose estimator) and hands each result to a sink. Between them sits one
// LatestSlot: from a live source a stale frame is dropped and the newest wins; from a recording
// the capture thread waits, so every frame is processed. Nothing queues without bound.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include "camera/frame_source.h"
#include "camera/latest_slot.h"
#include "camera/runner_tracker.h"
#include "camera/stage_stats.h"
#include "camera/steady_clock.h"

namespace runform::camera {

/// One processed frame.
struct PipelineResult {
  CapturedFrame frame;      ///< the image and its capture time (for overlays and recordings)
  TrackedPose tracked;      ///< landmarks in image pixels
  double latency_ms = 0.0;  ///< from the frame leaving the source to this result
};

/// Receives results on the inference thread, in capture order.
using ResultSink = std::function<void(const PipelineResult&)>;

/// Everything the status bar shows about the pipeline.
struct PipelineStats {
  StageSnapshot capture;     ///< reading a frame (waiting for the camera included)
  StageSnapshot inference;   ///< tracker + estimator per frame
  StageSnapshot end_to_end;  ///< frame out of the source → result delivered; dropped = stale frames
  SourceStatus source;       ///< camera state (a plain source reports streaming or ended)
};

/// How the pipeline treats its source.
struct PipelineOptions {
  /// Drop stale frames (live cameras). Unset: follow the source's live().
  std::optional<bool> drop_stale;
  double lost_poll_s = 0.05;  ///< while the camera is lost, how often to ask again
  ClockFn clock = steady_now_s;
};

class PosePipeline {
 public:
  /// A pipeline over a source and tracker it does not own. Nothing runs until start().
  PosePipeline(FrameSource& source, RunnerTracker& tracker, ResultSink sink, PipelineOptions options = {});
  ~PosePipeline();
  PosePipeline(const PosePipeline&) = delete;
  PosePipeline& operator=(const PosePipeline&) = delete;

  /// Starts both threads.
  void start();
  /// Stops at once (a finite source is cut short) and joins the threads.
  void stop();
  /// Waits until a finite source has been processed to its end, then joins the threads.
  void wait();
  /// True once the source ended and every frame taken was processed.
  [[nodiscard]] bool finished() const { return finished_.load(); }
  /// Current figures; safe from any thread.
  [[nodiscard]] PipelineStats stats() const;
  /// The error that stopped the pipeline early (a corrupt file mid-way), if any.
  [[nodiscard]] std::optional<std::string> error() const;

 private:
  struct Item {
    CapturedFrame frame;
    double ready_s = 0.0;  // clock when the source returned it
  };
  void capture_loop();
  void inference_loop();
  void fail(const std::string& message);

  FrameSource& source_;
  RunnerTracker& tracker_;
  ResultSink sink_;
  PipelineOptions options_;
  bool drop_stale_;
  LatestSlot<Item> slot_;
  StageStats capture_stats_{"capture"};
  StageStats inference_stats_{"inference"};
  StageStats end_to_end_stats_{"end_to_end"};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> ended_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  mutable std::mutex error_mutex_;
  std::optional<std::string> error_;
  std::thread capture_thread_;
  std::thread inference_thread_;
};

}  // namespace runform::camera
