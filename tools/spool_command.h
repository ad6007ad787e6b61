// `runform spool`: staff's view of a kiosk's disk spool. `list` shows every session it holds —
// recorded, acknowledged, and the ones the hub refused (set aside, with the hub's words and
// when) — and `retry SESSION` takes a refused session back into the upload after the cause was
// fixed (the kiosk sends it at its next start). Nothing here deletes a session.
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>

namespace runform::tools {

/// What `runform spool` was told.
struct SpoolFlags {
  std::string action;   ///< list or retry
  std::string session;  ///< the session to retry
  std::string spool;    ///< the spool file
};

/// Adds the `spool` subcommand to the app.
CLI::App* add_spool_command(CLI::App& app, SpoolFlags& flags);
/// Runs it, writing the listing to `out` and problems to `err`: 0 done, 2 bad input (no such
/// spool, unknown or not refused session), 1 failure (the spool file cannot be read or written).
int run_spool_command(const SpoolFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace runform::tools
