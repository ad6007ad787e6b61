#include "kiosk/cue_voice.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace runform::kiosk {

int run_program(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    throw VoiceError("cannot run " + argv[0] + ": " + std::strerror(err) +
                     ". Install espeak-ng (bash deploy/install-deps.sh) or turn the voice off");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw VoiceError("lost track of " + argv[0] + ": " + std::strerror(errno));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> espeak_command(const VoiceOptions& options, const std::string& text,
                                        const std::optional<std::filesystem::path>& wav) {
  std::vector<std::string> argv{options.program, "-v", options.language, "-s", std::to_string(options.words_per_minute)};
  if (wav) {
    argv.push_back("-w");
    argv.push_back(wav->string());
  }
  argv.push_back("--");  // a cue starting with '-' is text, not an option
  argv.push_back(text);
  return argv;
}

void synthesize_to_wav(const VoiceOptions& options, const std::string& text, const std::filesystem::path& wav) {
  const int status = run_program(espeak_command(options, text, wav));
  if (status != 0 || !std::filesystem::exists(wav)) {
    throw VoiceError(options.program + " could not synthesise \"" + text + "\" (exit " + std::to_string(status) +
                     "): check the voice '" + options.language + "' exists (espeak-ng --voices)");
  }
}

CueVoice::CueVoice(VoiceOptions options) : options_(std::move(options)), worker_([this] { run(); }) {}

CueVoice::~CueVoice() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    waiting_.reset();
  }
  changed_.notify_all();
  worker_.join();
}

void CueVoice::say(const std::string& text) {
  {
    std::lock_guard lock(mutex_);
    if (!options_.enabled || text.empty()) return;
    waiting_ = text;
  }
  changed_.notify_all();
}

void CueVoice::set_enabled(bool enabled) {
  std::lock_guard lock(mutex_);
  options_.enabled = enabled;
  if (!enabled) waiting_.reset();
  changed_.notify_all();
}

bool CueVoice::enabled() const {
  std::lock_guard lock(mutex_);
  return options_.enabled;
}

void CueVoice::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !waiting_ && !speaking_; });
}

std::size_t CueVoice::spoken() const {
  std::lock_guard lock(mutex_);
  return spoken_;
}

std::size_t CueVoice::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

std::string CueVoice::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void CueVoice::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stop_ || waiting_.has_value(); });
    if (stop_) return;
    const std::string text = *waiting_;
    waiting_.reset();
    speaking_ = true;
    const VoiceOptions options = options_;
    lock.unlock();
    std::string error;
    try {
      const int status = run_program(espeak_command(options, text));
      if (status != 0) error = options.program + " exited with " + std::to_string(status) + " (no audio device?)";
    } catch (const VoiceError& e) {
      error = e.what();
    }
    lock.lock();
    speaking_ = false;
    if (error.empty()) {
      ++spoken_;
    } else {
      ++failures_;
      last_error_ = error;
    }
    changed_.notify_all();
  }
}

}  // namespace runform::kiosk
