#include "tools/cli_support.h"

#include <cmath>
#include <iostream>

#include "common/cli_conventions.h"

namespace runform::tools::cli {
namespace {

std::optional<double> to_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

CLI::Validator range_validator(double lo, double hi, bool lo_inclusive, bool whole, const std::string& unit) {
  const std::string range = lo_inclusive ? common::plain_range(lo, hi, unit)
                                         : "above " + common::plain_number(lo) + " and at most " +
                                               common::plain_number(hi) + (unit.empty() ? "" : " " + unit);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const auto v = to_number(text);
        if (!v) return std::string("expects ") + (whole ? "a whole number" : "a number") + " (" + range + "), got '" + text + "'";
        const bool low_ok = lo_inclusive ? *v >= lo : *v > lo;
        if (!low_ok || *v > hi || (whole && *v != std::round(*v))) return "must be " + range + ", got " + text;
        return {};
      },
      range);
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames()) names.push_back("--" + n);
  }
  return names;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

std::string command_path(const CLI::App& app, const std::string& program) {
  return app.get_parent() == nullptr ? program : program + " " + app.get_name();
}

// The first leftover argument of `app`, as a usage error; "" when there is none.
std::string leftover_problem(const CLI::App& app, const std::string& program) {
  const std::vector<std::string> extras = app.remaining(false);
  if (extras.empty()) return {};
  const std::string& word = extras.front();
  const std::string where = command_path(app, program);
  if (word.starts_with("-")) {
    const std::string flag = word.substr(0, word.find('='));
    const std::string for_what = app.get_parent() == nullptr ? "" : " for '" + where + "'";
    return "unknown option " + flag + for_what + "." + common::did_you_mean(flag, option_names(app));
  }
  if (app.get_parent() == nullptr && !app.get_subcommands({}).empty()) {
    return "unknown command '" + word + "'." + common::did_you_mean(word, subcommand_names(app));
  }
  if (app.get_parent() == nullptr) return "unexpected argument '" + word + "'." + common::did_you_mean(word, {"help", "version"});
  return "unexpected argument '" + word + "' for '" + where + "'";
}

std::string help_hint(const CLI::App& app, const std::string& program) {
  return "Run '" + command_path(app, program) + " --help' for its options.";
}

}  // namespace

CLI::Validator number_in(double lo, double hi, const std::string& unit) { return range_validator(lo, hi, true, false, unit); }
CLI::Validator number_above(double lo, double hi, const std::string& unit) {
  return range_validator(lo, hi, false, false, unit);
}
CLI::Validator whole_in(long long lo, long long hi, const std::string& unit) {
  return range_validator(static_cast<double>(lo), static_cast<double>(hi), true, true, unit);
}

void collect_extras(CLI::App& app) {
  app.allow_extras();
  for (CLI::App* sub : app.get_subcommands({})) collect_extras(*sub);
}

std::optional<int> parse(CLI::App& app, int argc, const char* const* argv, const std::string& program,
                         const std::string& version) {
  // The words a person tries first, before CLI11 sees them.
  if (argc >= 2) {
    const std::string first = argv[1];
    if (first == "--version" || first == "version") {
      std::cout << program << " " << version << "\n";
      return common::kExitOk;
    }
    if (first == "help") {
      const CLI::App* topic = &app;
      if (argc >= 3) {
        try {
          topic = app.get_subcommand(argv[2]);
        } catch (const CLI::OptionNotFound&) {
          std::cerr << program << ": no command named '" << argv[2] << "'."
                    << common::did_you_mean(argv[2], subcommand_names(app)) << " Run '" << program << " help'.\n";
          return common::kExitBadInput;
        }
      }
      std::cout << (topic == &app ? app.help() : topic->help(program));
      return common::kExitOk;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return common::kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return common::kExitOk;
  } catch (const CLI::ParseError& e) {
    const CLI::App* where = app.get_subcommands().empty() ? &app : app.get_subcommands().front();
    std::cerr << program << ": " << e.what() << "\n" << help_hint(*where, program) << "\n";
    return common::kExitBadInput;
  }
  const std::vector<CLI::App*> selected = app.get_subcommands();
  for (const CLI::App* sub : selected) {
    if (const std::string problem = leftover_problem(*sub, program); !problem.empty()) {
      std::cerr << program << ": " << problem << "\n" << help_hint(*sub, program) << "\n";
      return common::kExitBadInput;
    }
  }
  if (const std::string problem = leftover_problem(app, program); !problem.empty()) {
    std::cerr << program << ": " << problem << "\n"
              << (app.get_subcommands({}).empty() ? help_hint(app, program) : "Run '" + program + " help' for the commands.")
              << "\n";
    return common::kExitBadInput;
  }
  return std::nullopt;
}

}  // namespace runform::tools::cli
