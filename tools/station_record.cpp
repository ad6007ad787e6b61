#include "tools/station_record.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

#include "form/track_io.h"
#include "station/station.h"

namespace runform::tools {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(100);  // status lines for people

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Writes the landmark track as frames arrive; the file is created with the first frame, so a
// camera that never delivers leaves no empty file behind. With a span (--duration), the track
// holds at most that much camera time: the wall-clock stop comes a poll later and the camera
// keeps delivering while the station finishes, so frames past the span are left out here.
class TrackFileWriter {
 public:
  TrackFileWriter(std::string path, form::View view, double fps, double max_span_s)
      : path_(std::move(path)), view_(view), fps_(fps), max_span_s_(max_span_s) {}
  void add(const form::PoseFrame& pose, int width_px, int height_px) {
    const std::lock_guard lock(mutex_);
    if (path_.empty() || failed_) return;
    if (first_t_s_ && max_span_s_ > 0.0 && pose.t_s - *first_t_s_ > max_span_s_) return;
    if (!first_t_s_) {
      out_.open(path_);
      if (!out_) {
        failed_ = true;
        return;
      }
      first_t_s_ = pose.t_s;
      form::write_header(out_, {width_px, height_px, fps_ > 0.0 ? fps_ : 30.0, view_});
    }
    form::PoseFrame p = pose;
    p.t_s = pose.t_s - *first_t_s_;  // tracks start at 0
    form::write_frame(out_, p);
    ++frames_;
  }
  /// Frames written; throws when the file could not be written.
  std::size_t close() {
    const std::lock_guard lock(mutex_);
    if (failed_ || (out_.is_open() && !out_.flush())) {
      throw std::runtime_error("cannot write " + path_ + ": check the folder exists and the disk has room");
    }
    out_.close();
    return frames_;
  }

 private:
  std::string path_;
  form::View view_;
  double fps_;
  double max_span_s_;  // 0: no bound
  std::mutex mutex_;
  std::ofstream out_;
  std::optional<double> first_t_s_;
  std::size_t frames_ = 0;
  bool failed_ = false;
};

// One status line: what a person wants to know while recording.
std::string status_line(const station::StationSnapshot& s, double elapsed_s) {
  char line[320];
  std::string hub = !s.hub.configured ? "" : s.hub.online ? ", hub online" : ", hub offline";
  std::snprintf(line, sizeof line, "recording %.0f s: %s; %llu frames%s, %llu waiting to upload%s", elapsed_s,
                s.camera.message.c_str(), static_cast<unsigned long long>(s.upload.recorded_frames), hub.c_str(),
                static_cast<unsigned long long>(s.spool.backlog_frames),
                s.spool.warning.empty() ? "" : ("; " + s.spool.warning).c_str());
  return line;
}

// The state worth a new line in a log (a terminal redraws every poll instead).
std::string state_key(const station::StationSnapshot& s) {
  return std::string(camera::to_string(s.camera.source.state)) + (s.camera.timed_out ? "/timeout" : "") + "|" +
         (s.hub.online ? "online" : "offline") + "|" + std::string(station::to_string(s.phase)) + "|" +
         (s.spool.nearly_full ? "nearly-full" : "") + (s.spool.full ? "full" : "");
}

}  // namespace

std::filesystem::path default_spool_path() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0') {
    return std::filesystem::path(state) / "runform" / "spool.db";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".local" / "state" / "runform" / "spool.db";
  }
  return "runform-spool.db";
}

int run_station_record(const StationRecordOptions& o, const std::function<bool()>& interrupted, std::ostream& status,
                       bool terminal) {
  station::StationConfig config;
  config.source_spec = o.camera;
  config.model = station_model(o.model);
  config.treadmill_zone = o.station.zone;
  config.rails = o.station.rails;
  config.hub_addresses = o.hubs;
  config.hub_ca_file = o.hub_ca;
  config.kiosk_token = o.kiosk_token;
  // Without a hub the session only needs a spool for the run itself.
  const bool temporary_spool = o.hubs.empty();
  config.spool_path = temporary_spool ? std::filesystem::temp_directory_path() /
                                            ("runform-record-" + std::to_string(::getpid()) + ".db")
                                      : o.spool;
  config.kiosk_id = o.kiosk_id;
  config.station_id = o.station_id;
  config.assets_dir = o.assets;
  config.engine.view = o.view;
  config.calibration_s = o.calibration_s;
  config.camera_timeout_s = o.camera_timeout_s;

  TrackFileWriter track(o.out, o.view, 0.0, o.duration_s);
  config.on_frame = [&track](const form::PoseFrame& pose, bool, cv::Size image) { track.add(pose, image.width, image.height); };

  const auto started = std::chrono::steady_clock::now();
  auto owned = std::make_unique<station::Station>(std::move(config));
  station::Station& station = *owned;
  if (o.athlete.empty()) {
    station.check_in_guest();
  } else {
    station.check_in(o.athlete);
  }
  station.start_calibration();

  bool running = false;
  bool finished = false;
  std::string last_key;
  int exit_code = 0;
  std::optional<std::string> failure;
  while (true) {
    std::this_thread::sleep_for(kPollInterval);
    const station::StationSnapshot s = station.snapshot();
    const double elapsed_s = seconds_since(started);
    if (terminal) {
      status << "\r" << status_line(s, elapsed_s) << "   " << std::flush;
    } else if (const std::string key = state_key(s); key != last_key) {
      status << status_line(s, elapsed_s) << "\n" << std::flush;
      last_key = key;
    }
    if (!s.error.empty()) {
      failure = s.error;
      break;
    }
    if (s.camera.timed_out && s.upload.recorded_frames == 0) {
      failure = "no frames from " + o.camera + " within " + std::to_string(static_cast<int>(o.camera_timeout_s)) +
                " s: " + s.camera.message + " (raise --camera-timeout for a slow stream)";
      break;
    }
    const bool duration_reached = o.duration_s > 0.0 && elapsed_s >= o.duration_s;
    if (duration_reached && s.upload.recorded_frames == 0) {
      failure = "no frames from " + o.camera + " in the " + std::to_string(static_cast<int>(o.duration_s)) +
                " s of --duration: " + s.camera.message;
      break;
    }
    if (!running && s.phase == station::Phase::kCalibrating && s.calibration_remaining_s <= 0.0 && s.upload.recorded_frames > 0) {
      station.start_running();
      running = true;
    }
    if (duration_reached || station.source_ended() || (interrupted && interrupted())) {
      station.finish();
      finished = true;
      break;
    }
  }
  if (terminal) status << "\n";
  if (failure) {
    station.cancel();
    station.sync();
    status << "runform: " << *failure << "\n";
    exit_code = 1;
  }
  if (finished) {
    station.sync();
    const station::StationSnapshot s = station.snapshot();
    status << "recorded " << s.upload.recorded_frames << " frames"
           << (s.spool.frames_refused > 0 ? " (" + std::to_string(s.spool.frames_refused) + " refused: the spool was full)" : "")
           << "\n";
    if (!o.hubs.empty()) {
      const auto upload_started = std::chrono::steady_clock::now();
      station::StationSnapshot u = s;
      while (!u.upload.closed_on_hub && u.upload.error.empty() && seconds_since(upload_started) < o.upload_timeout_s) {
        std::this_thread::sleep_for(kPollInterval);
        station.sync();
        u = station.snapshot();
      }
      if (u.upload.closed_on_hub) {
        status << "uploaded session " << u.upload.session_id << " to " << u.hub.address << "\n";
      } else if (!u.upload.error.empty()) {
        status << "runform: the hub did not take session " << u.upload.session_id << ": " << u.upload.error << "\n";
        exit_code = 1;
      } else {
        status << "the hub at " << u.hub.address << " is not reachable" << (u.hub.last_error.empty() ? "" : " (" + u.hub.last_error + ")")
               << ": session " << u.upload.session_id << " is kept in the spool " << o.spool.string()
               << " and uploads the next time runform record or the kiosk runs with this spool\n";
      }
    }
  }
  owned.reset();  // stops the camera and the uploader before the files are closed
  const std::size_t written = track.close();
  if (!o.out.empty() && written > 0) status << "wrote " << written << " frames to " << o.out << "\n";
  if (temporary_spool) {
    std::error_code ignored;
    const auto spool = std::filesystem::temp_directory_path() / ("runform-record-" + std::to_string(::getpid()) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(spool.string() + suffix, ignored);
  }
  return exit_code;
}

}  // namespace runform::tools
