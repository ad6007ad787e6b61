// runform-kiosk's flags and station.toml: the shipped example reads, flags win over it, and
// every mistake is named with what is expected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "kiosk/kiosk_options.h"

namespace runform::kiosk {
namespace {

namespace fs = std::filesystem;

KioskSettings parse(std::vector<const char*> args) {
  args.insert(args.begin(), "runform-kiosk");
  return parse_kiosk_args(static_cast<int>(args.size()), args.data());
}

std::string error_of(std::vector<const char*> args) {
  try {
    parse(std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

fs::path write_toml(const std::string& name, const std::string& text) {
  const fs::path file = fs::temp_directory_path() / ("runform_kiosk_" + std::to_string(getpid()) + "_" + name + ".toml");
  std::ofstream(file) << text;
  return file;
}

TEST(KioskOptions, ShippedExampleConfigReads) {
  KioskSettings s;
  apply_station_toml(fs::path(RUNFORM_SOURCE_DIR) / "deploy" / "station.example.toml", s);
  EXPECT_EQ(s.station_id, "treadmill-1");
  EXPECT_EQ(s.camera, "0");
  EXPECT_EQ(s.model, "movenet-lightning");
  ASSERT_TRUE(s.zone);
  EXPECT_EQ(*s.zone, (std::vector<double>{160, 40, 320, 440}));
  ASSERT_EQ(s.rails.size(), 2u);
  EXPECT_EQ(s.rails[1], (std::vector<double>{490, 300, 490, 470}));
  EXPECT_EQ(s.hubs, std::vector<std::string>{"hub.local:50051"});
  EXPECT_EQ(s.cue_language, "en");
  EXPECT_TRUE(s.voice);
}

TEST(KioskOptions, AClubsHubsAreAListTriedInOrderWithTheClubCa) {
  const fs::path file = write_toml(
      "club", "[hub]\naddress = [\"hub-a.club.lan:50051\", \"10.0.0.12:50051\"]\nca = \"/etc/runform/ca.crt\"\n");
  KioskSettings s = parse({"--config", file.c_str()});
  EXPECT_EQ(s.hubs, (std::vector<std::string>{"hub-a.club.lan:50051", "10.0.0.12:50051"}));
  EXPECT_EQ(s.hub_ca, "/etc/runform/ca.crt");
  s = parse({"--config", file.c_str(), "--hub-ca", "club-ca.crt"});
  EXPECT_EQ(s.hub_ca, "club-ca.crt");
  fs::remove(file);
}

TEST(KioskOptions, FlagsOverrideTheConfigWhereverTheyStand) {
  const fs::path file = write_toml("override", "[hub]\naddress = \"a:1\"\n[cues]\nvoice = true\nlanguage = \"de\"\n");
  const KioskSettings s = parse({"--hub", "b:2", "--voice", "off", "--config", file.c_str(), "--windowed", "--size",
                                 "1280x720", "--demo", "--exit-after", "30", "--screenshot-dir", "shots"});
  EXPECT_EQ(s.hubs, std::vector<std::string>{"b:2"});
  EXPECT_FALSE(s.voice);
  EXPECT_EQ(s.cue_language, "de");
  EXPECT_FALSE(s.fullscreen);
  EXPECT_EQ(s.width_px, 1280);
  EXPECT_EQ(s.height_px, 720);
  EXPECT_TRUE(s.demo);
  EXPECT_EQ(s.exit_after_s, 30.0);
  EXPECT_EQ(s.screenshot_dir, fs::path("shots"));
  fs::remove(file);
}

TEST(KioskOptions, DefaultsAreAFullscreenStationWithVoice) {
  const KioskSettings s = parse({});
  EXPECT_TRUE(s.fullscreen);
  EXPECT_TRUE(s.voice);
  EXPECT_FALSE(s.demo);
  EXPECT_TRUE(s.hubs.empty());
}

TEST(KioskOptions, BadFlagsAreNamed) {
  EXPECT_EQ(error_of({"--frobnicate"}), "unknown option '--frobnicate' (see --help)");
  EXPECT_EQ(error_of({"--hub"}), "--hub wants a value (see --help)");
  EXPECT_EQ(error_of({"--hub", "localhost"}), "--hub wants HOST:PORT, got 'localhost'");
  EXPECT_EQ(error_of({"--voice", "loud"}), "--voice wants on or off, got 'loud'");
  EXPECT_EQ(error_of({"--size", "big"}), "--size wants WIDTHxHEIGHT of at least 320x240, e.g. 1280x720; got 'big'");
  EXPECT_EQ(error_of({"--size", "100x100"}), "--size wants WIDTHxHEIGHT of at least 320x240, e.g. 1280x720; got '100x100'");
  EXPECT_EQ(error_of({"--exit-after", "-3"}), "--exit-after wants a positive number, got '-3'");
  EXPECT_EQ(error_of({"--zone", "1,2,3"}), "--zone wants 4 numbers separated by commas, got '1,2,3'");
  EXPECT_EQ(error_of({"--view", "top"}), "--view wants front, side or auto, got 'top'");
  EXPECT_EQ(error_of({"--config", "/nonexistent/station.toml"}).rfind("cannot read /nonexistent/station.toml", 0), 0u);
}

TEST(KioskOptions, BadConfigsAreNamedWithTheKey) {
  auto config_error = [](const std::string& name, const std::string& text) {
    const fs::path file = write_toml(name, text);
    std::string error = "no error";
    try {
      KioskSettings s;
      apply_station_toml(file, s);
    } catch (const UsageError& e) {
      error = e.what();
    }
    fs::remove(file);
    return error.substr(error.find(": ") + 2);
  };
  EXPECT_EQ(config_error("zone", "[camera]\nzone = [1, 2, 3]\n"), "[camera] zone must be [x, y, width, height] in image pixels");
  EXPECT_EQ(config_error("rails", "[camera]\nrails = [[1, 2, 3, 4], [5]]\n"), "[camera] rails must be a list of [x1, y1, x2, y2] lines");
  EXPECT_EQ(config_error("voice", "[cues]\nvoice = \"yes\"\n"), "[cues] voice must be true or false");
  EXPECT_EQ(config_error("hub", "[hub]\naddress = 50051\n"), "[hub] address must be a string HOST:PORT or a list of them");
  EXPECT_EQ(config_error("hubs", "[hub]\naddress = [\"a:1\", 2]\n"), "[hub] address must be a string HOST:PORT or a list of them");
  EXPECT_EQ(config_error("hub-port", "[hub]\naddress = [\"a:1\", \"b\"]\n"),
            "[hub] address must be a string HOST:PORT or a list of them (got 'b')");
  EXPECT_EQ(config_error("hub-ca", "[hub]\nca = 1\n"),
            "[hub] ca must be a file path (the club CA, ca.crt from deploy/make-club-certs.sh)");
  EXPECT_EQ(config_error("section", "[kamera]\nsource = \"0\"\n"), "unknown section [kamera] (station, camera, hub, cues)");
  EXPECT_EQ(config_error("view", "[camera]\nview = \"top\"\n"), "[camera] view wants front, side or auto, got 'top'");
  const fs::path broken = write_toml("syntax", "[station]\nid = \"a\"\n[camera\n");
  try {
    KioskSettings s;
    apply_station_toml(broken, s);
    ADD_FAILURE() << "a broken file must not read";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(broken.string() + ":3:"), std::string::npos) << "names the line: " << e.what();
  }
  fs::remove(broken);
}

}  // namespace
}  // namespace runform::kiosk
