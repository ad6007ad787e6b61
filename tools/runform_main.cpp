// `runform`: the command line. Subcommands: simulate, analyze, demo.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "form/analysis.h"
#include "form/cue_catalog.h"
#include "form/text_table.h"
#include "sim/track_simulator.h"
#include "tools/analysis_json.h"
#include "tools/demo_report.h"
#include "tools/sim_spec_json.h"

namespace {

using namespace runform;

std::string default_assets_dir() {
  if (const char* env = std::getenv("RUNFORM_ASSETS")) return env;
  return RUNFORM_ASSETS_DIR;
}

form::View parse_view(const std::string& v) {
  if (v == "front") return form::View::kFront;
  if (v == "side") return form::View::kSide;
  return form::View::kAuto;
}

// A progress counter on stderr, drawn only when a person is watching a terminal. A streamed
// track's length is unknown until its end, so it counts frames and seconds of track.
form::ProgressFn terminal_progress(double fps) {
  if (!isatty(STDERR_FILENO)) return {};
  return [fps](std::size_t frames) {
    std::fprintf(stderr, "\ranalyzing: %zu frames (%.1f min of track)", frames, static_cast<double>(frames) / fps / 60.0);
    std::fflush(stderr);
  };
}

struct SimulateOptions {
  std::string out;
  std::string truth;
  std::string spec_file;
  std::string view = "front";
  std::vector<std::string> set;
  std::vector<std::string> fatigue;
  std::vector<std::string> rails;
  std::vector<std::string> passerby;
  std::string hidden_arm;
  std::optional<double> duration_s, noise, drop;
  std::optional<unsigned> seed;
};

sim::SimulationSpec build_spec(const SimulateOptions& o) {
  sim::SimulationSpec spec;
  spec.camera.view = parse_view(o.view);
  if (!o.spec_file.empty()) {
    std::ifstream in(o.spec_file);
    if (!in) throw std::invalid_argument("cannot open spec file " + o.spec_file);
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
      throw std::invalid_argument(o.spec_file + ": not valid JSON: " + e.what());
    }
    tools::apply_spec_json(doc, spec);
  }
  for (const std::string& kv : o.set) {
    const auto eq = kv.find('=');
    double* field = eq == std::string::npos ? nullptr : sim::runner_param(spec.runner, kv.substr(0, eq));
    if (!field) throw std::invalid_argument("--set expects NAME=VALUE with a runner parameter name, got '" + kv + "'");
    try {
      *field = std::stod(kv.substr(eq + 1));
    } catch (const std::exception&) {
      throw std::invalid_argument("--set " + kv + ": value is not a number");
    }
  }
  for (const std::string& f : o.fatigue) {
    // NAME:DELTA[:START_FRACTION]
    std::stringstream ss(f);
    std::string name, delta, start;
    std::getline(ss, name, ':');
    std::getline(ss, delta, ':');
    std::getline(ss, start, ':');
    try {
      spec.runner.fatigue.push_back({name, std::stod(delta), start.empty() ? 0.0 : std::stod(start)});
    } catch (const std::exception&) {
      throw std::invalid_argument("--fatigue expects NAME:DELTA[:START_FRACTION], got '" + f + "'");
    }
  }
  for (const std::string& r : o.rails) spec.realism.hands_on_rails.push_back(tools::parse_interval(r));
  for (const std::string& p : o.passerby) spec.realism.passerby.push_back(tools::parse_interval(p));
  if (o.hidden_arm == "left") spec.realism.hidden_arm = sim::HiddenArm::kLeft;
  if (o.hidden_arm == "right") spec.realism.hidden_arm = sim::HiddenArm::kRight;
  if (o.duration_s) spec.runner.duration_s = *o.duration_s;
  if (o.noise) spec.realism.noise_torso = *o.noise;
  if (o.drop) spec.realism.drop_fraction = *o.drop;
  if (o.seed) spec.realism.seed = *o.seed;
  return spec;
}

int run_simulate(const SimulateOptions& o) {
  const sim::SimulationSpec spec = build_spec(o);
  std::ofstream out(o.out);
  if (!out) throw std::invalid_argument("cannot write " + o.out);
  form::write_header(out, sim::header_for(spec));
  const sim::GroundTruth truth = sim::simulate(spec, [&](const form::PoseFrame& f) { form::write_frame(out, f); });
  if (!out.flush()) throw std::runtime_error("writing " + o.out + " failed (disk full?)");
  const std::string truth_path = o.truth.empty() ? o.out + ".truth.json" : o.truth;
  std::ofstream truth_out(truth_path);
  truth_out << tools::truth_json(spec, truth).dump(2) << "\n";
  if (!truth_out.flush()) throw std::runtime_error("writing " + truth_path + " failed");
  std::cerr << "wrote " << o.out << " and " << truth_path << "\n";
  return 0;
}

struct AnalyzeOptions {
  std::string track;
  std::string out;
  std::string view = "auto";
  double baseline_s = 3.0;
  std::optional<double> height_cm;
  std::string assets = default_assets_dir();
};

int run_analyze(const AnalyzeOptions& o) {
  std::ifstream in(o.track);
  if (!in) throw std::invalid_argument("cannot open track " + o.track + " (check the path)");
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  form::EngineConfig config;
  config.view = parse_view(o.view);
  config.baseline_s = o.baseline_s;
  config.height_cm = o.height_cm;
  form::AnalysisResult result;
  try {
    form::TrackReader reader(in);
    result = form::analyze_track(reader, config, catalog, terminal_progress(reader.header().fps));
    if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  } catch (const form::TrackFormatError& e) {
    throw std::invalid_argument(o.track + ": " + e.what());
  }
  const std::string text = tools::analysis_json(result).dump(2) + "\n";
  if (o.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream out(o.out);
    out << text;
    if (!out.flush()) throw std::runtime_error("writing " + o.out + " failed");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"RunForm: running-form analysis for treadmill stations"};
  app.require_subcommand(1);

  SimulateOptions sim_opts;
  auto* simulate = app.add_subcommand("simulate", "Simulate a runner: writes a landmark track and its ground truth");
  simulate->add_option("--out", sim_opts.out, "Track file to write (.jsonl)")->required();
  simulate->add_option("--truth", sim_opts.truth, "Ground-truth JSON to write (default: OUT.truth.json)");
  simulate->add_option("--spec", sim_opts.spec_file, "JSON spec: {runner:{…}, camera:{…}, realism:{…}}");
  simulate->add_option("--view", sim_opts.view, "Camera view")->check(CLI::IsMember({"front", "side"}));
  simulate->add_option("--set", sim_opts.set, "Runner parameter NAME=VALUE (repeatable), e.g. head_tilt_deg=8");
  simulate->add_option("--fatigue", sim_opts.fatigue, "Fatigue ramp NAME:DELTA[:START_FRACTION] (repeatable)");
  simulate->add_option("--rails", sim_opts.rails, "Hands on the rails during START-END seconds (repeatable)");
  simulate->add_option("--passerby", sim_opts.passerby, "A second person in frame during START-END seconds");
  simulate->add_option("--hidden-arm", sim_opts.hidden_arm, "Arm hidden by a handrail")
      ->check(CLI::IsMember({"left", "right"}));
  simulate->add_option("--duration", sim_opts.duration_s, "Session length in seconds, standing phase included");
  simulate->add_option("--noise", sim_opts.noise, "Landmark noise sigma as a fraction of torso length");
  simulate->add_option("--drop", sim_opts.drop, "Fraction of frames dropped");
  simulate->add_option("--seed", sim_opts.seed, "Random seed");

  AnalyzeOptions an_opts;
  auto* analyze = app.add_subcommand("analyze", "Analyze a landmark track: prints JSON metrics, scores, cues, drills");
  analyze->add_option("track", an_opts.track, "Landmark track (.jsonl)")->required();
  analyze->add_option("--out", an_opts.out, "Write the JSON here instead of stdout");
  analyze->add_option("--view", an_opts.view, "Camera view (default: the track header's, else auto)")
      ->check(CLI::IsMember({"front", "side", "auto"}));
  analyze->add_option("--baseline-seconds", an_opts.baseline_s, "Standing calibration length")
      ->check(CLI::Range(0.5, 30.0));
  analyze->add_option("--height-cm", an_opts.height_cm, "Runner height, for centimetre units")
      ->check(CLI::Range(100.0, 230.0));
  analyze->add_option("--assets", an_opts.assets, "RunForm assets folder (cues.txt, drills.txt)");

  tools::DemoOptions demo_opts;
  demo_opts.assets = default_assets_dir();
  auto* demo = app.add_subcommand("demo", "Simulate a 3-minute run with fatigue and show the analysis");
  demo->add_option("--view", demo_opts.view, "Camera view")->check(CLI::IsMember({"front", "side"}));
  demo->add_option("--json", demo_opts.json_out, "Also write the full analysis JSON here");
  demo->add_option("--assets", demo_opts.assets, "RunForm assets folder");
  demo->add_flag("!--no-hub", demo_opts.with_hub, "Skip the kiosk → hub → coach part");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*simulate) return run_simulate(sim_opts);
    if (*analyze) return run_analyze(an_opts);
    if (*demo) return tools::run_demo(demo_opts, std::cout);
  } catch (const form::DataFileError& e) {
    std::cerr << "runform: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "runform: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "runform: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
