// Spoken cues through espeak-ng, off the render thread: say() hands the text to a worker and
// returns at once; a cue that arrives while another is being spoken replaces any cue still
// waiting (only the newest matters to a runner). Switchable at run time.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace runform::kiosk {

/// How to speak.
struct VoiceOptions {
  bool enabled = true;
  std::string language = "en";     ///< an espeak-ng voice ("en", "de", "fr"…)
  int words_per_minute = 150;      ///< calm and clear; espeak-ng's default is 175
  std::string program = "espeak-ng";
};

/// espeak-ng failed; the message says how and what to do.
class VoiceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs `program args…` with stdout and stderr discarded; returns its exit status. Throws
/// VoiceError when it cannot be started.
int run_program(const std::vector<std::string>& argv);

/// The espeak-ng command line that speaks `text` (to `wav` when given, else to the speakers).
std::vector<std::string> espeak_command(const VoiceOptions& options, const std::string& text,
                                        const std::optional<std::filesystem::path>& wav = std::nullopt);

/// Synthesises `text` into a WAV file. Throws VoiceError when espeak-ng is missing or fails.
void synthesize_to_wav(const VoiceOptions& options, const std::string& text, const std::filesystem::path& wav);

/// The speaking worker.
class CueVoice {
 public:
  explicit CueVoice(VoiceOptions options);
  /// Stops after the cue being spoken (a waiting one is dropped).
  ~CueVoice();
  CueVoice(const CueVoice&) = delete;
  CueVoice& operator=(const CueVoice&) = delete;

  /// Queues `text` to be spoken, replacing a cue still waiting. Never blocks on speech.
  void say(const std::string& text);
  /// Turns speech on or off (off drops a waiting cue).
  void set_enabled(bool enabled);
  /// True when speech is on.
  [[nodiscard]] bool enabled() const;
  /// Blocks until nothing is waiting or being spoken (for tests and shutdown; not the UI).
  void wait_idle();
  /// Cues spoken so far, and how many failed to run (missing espeak-ng, no audio device).
  [[nodiscard]] std::size_t spoken() const;
  [[nodiscard]] std::size_t failures() const;
  /// The last failure, in words (empty: none).
  [[nodiscard]] std::string last_error() const;

 private:
  void run();

  VoiceOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::string> waiting_;
  bool speaking_ = false;
  bool stop_ = false;
  std::size_t spoken_ = 0;
  std::size_t failures_ = 0;
  std::string last_error_;
  std::thread worker_;
};

}  // namespace runform::kiosk
