// `runform-hub admin …`: the local command line an admin runs on the hub's machine, operating on
// the hub's configured database (the same --store or -c config as the hub). It makes the first
// admin (the hub has no default password), accounts, coach assignments and enrolment codes,
// revokes and lists kiosks, lists accounts and reads the audit log. Passwords are read from the
// terminal without echo, or from standard input when it is not a terminal (scripts); never from
// the command line, where `ps` and shell history would show them.
#pragma once

#include <iosfwd>

namespace runform::services {

/// Runs `runform-hub admin` with the arguments after "admin" (argv[0] is "admin"). Returns the
/// exit code (common/cli_conventions.h): 0 done, 2 usage or bad input, 1 the store failed.
int run_hub_admin(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace runform::services
