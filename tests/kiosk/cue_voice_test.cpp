// Spoken cues: espeak-ng synthesises a cue to a WAV whose duration and level sox measures
// (acceptance 6), and the voice worker speaks off the caller's thread with the newest cue
// replacing one still waiting.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "kiosk/cue_voice.h"

namespace runform::kiosk {
namespace {

namespace fs = std::filesystem;

fs::path work_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("runform_voice_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// `sox FILE -n stat` figures, by name ("Length (seconds)", "RMS     amplitude"…).
std::map<std::string, double> sox_stat(const fs::path& wav) {
  const std::string command = "sox '" + wav.string() + "' -n stat 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::map<std::string, double> figures;
  char line[256];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    const std::string text = line;
    const auto colon = text.find(':');
    if (colon == std::string::npos) continue;
    std::string key = text.substr(0, colon);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    try {
      figures[key] = std::stod(text.substr(colon + 1));
    } catch (const std::exception&) {
    }
  }
  pclose(pipe);
  return figures;
}

// Speech at 150 words per minute: a three-word cue lasts about 1.2 s; allow 0.5–3 s.
constexpr double kMinCueS = 0.5;
constexpr double kMaxCueS = 3.0;
// Audible but not clipped: RMS above −34 dBFS, peak below full scale.
constexpr double kMinRms = 0.02;
constexpr double kMaxPeak = 0.999;

TEST(CueVoice, CueSynthesisedToWavHasTheRightDurationAndLevel) {
  const fs::path dir = work_dir("wav");
  VoiceOptions options;
  const fs::path wav = dir / "drop.wav";
  synthesize_to_wav(options, "Drop your shoulders", wav);
  const auto stat = sox_stat(wav);
  ASSERT_TRUE(stat.count("Length (seconds)")) << "sox could not read " << wav;
  const double length_s = stat.at("Length (seconds)");
  const double rms = stat.at("RMS     amplitude");
  const double peak = stat.at("Maximum amplitude");
  std::printf("cue \"Drop your shoulders\": %.2f s, RMS %.3f, peak %.3f\n", length_s, rms, peak);
  EXPECT_GT(length_s, kMinCueS);
  EXPECT_LT(length_s, kMaxCueS);
  EXPECT_GT(rms, kMinRms);
  EXPECT_LT(peak, kMaxPeak);

  // A longer cue takes longer; a faster voice says it in less time.
  const fs::path longer = dir / "longer.wav";
  synthesize_to_wav(options, "Keep elbows close to your sides", longer);
  EXPECT_GT(sox_stat(longer).at("Length (seconds)"), length_s);
  options.words_per_minute = 250;
  const fs::path faster = dir / "faster.wav";
  synthesize_to_wav(options, "Drop your shoulders", faster);
  EXPECT_LT(sox_stat(faster).at("Length (seconds)"), length_s * 0.8);
  fs::remove_all(dir);
}

TEST(CueVoice, UnknownVoiceIsAClearError) {
  const fs::path dir = work_dir("badvoice");
  VoiceOptions options;
  options.language = "xx-nonexistent";
  try {
    synthesize_to_wav(options, "Drop your shoulders", dir / "x.wav");
    ADD_FAILURE() << "expected an error";
  } catch (const VoiceError& e) {
    EXPECT_NE(std::string(e.what()).find("espeak-ng --voices"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(CueVoice, CommandLineTreatsTheCueAsText) {
  VoiceOptions options;
  options.language = "de";
  const auto argv = espeak_command(options, "-v en", fs::path("/tmp/a.wav"));
  const std::vector<std::string> expected{"espeak-ng", "-v", "de", "-s", "150", "-w", "/tmp/a.wav", "--", "-v en"};
  EXPECT_EQ(argv, expected);
}

TEST(CueVoice, WorkerSpeaksOffTheCallerAndTheNewestWaitingCueWins) {
  const fs::path dir = work_dir("worker");
  const fs::path log = dir / "spoken.log";
  const fs::path gate = dir / "gate";
  ASSERT_EQ(mkfifo(gate.c_str(), 0600), 0);
  const fs::path program = dir / "fake-espeak";
  {
    std::ofstream out(program);
    // Logs the text (the last argument); "first" holds until the test opens and closes the gate.
    out << "#!/bin/sh\nfor last; do :; done\necho \"$last\" >> '" << log.string() << "'\n"
        << "[ \"$last\" = first ] && cat '" << gate.string() << "' > /dev/null\nexit 0\n";
  }
  fs::permissions(program, fs::perms::owner_all);
  VoiceOptions options;
  options.program = program.string();
  CueVoice voice(options);
  voice.say("first");
  const int fd = open(gate.c_str(), O_WRONLY);  // returns once "first" is being spoken
  ASSERT_GE(fd, 0);
  voice.say("second");  // waits…
  voice.say("third");   // …and is replaced: only the newest cue matters
  close(fd);
  voice.wait_idle();
  std::ifstream in(log);
  std::stringstream spoken;
  spoken << in.rdbuf();
  EXPECT_EQ(spoken.str(), "first\nthird\n");
  EXPECT_EQ(voice.spoken(), 2u);

  voice.set_enabled(false);
  voice.say("muted");
  voice.wait_idle();
  EXPECT_EQ(voice.spoken(), 2u);
  fs::remove_all(dir);
}

TEST(CueVoice, MissingProgramIsCountedNotThrownAtTheCaller) {
  VoiceOptions options;
  options.program = "/nonexistent/espeak-ng";
  CueVoice voice(options);
  voice.say("Drop your shoulders");
  voice.wait_idle();
  EXPECT_EQ(voice.failures(), 1u);
  EXPECT_NE(voice.last_error().find("Install espeak-ng"), std::string::npos) << voice.last_error();
}

}  // namespace
}  // namespace runform::kiosk
