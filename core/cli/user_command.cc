// `shortlist user add|list|disable`: the accounts of the web service. The
// password is read from standard input (one line), never from the command
// line, where other users of the machine could see it.
//
//   printf '%s\n' "$PASSWORD" | shortlist user add ana --role organiser --db URI
//   shortlist user add amara --role juror --juror amara --db URI
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/store/account_store.h"
#include "core/store/jury_store.h"

namespace shortlist::cli {
namespace {

constexpr const char* kUsage =
    "usage: shortlist user add NAME --role organiser|juror [--juror ID [--call ID]] --db URI\n"
    "       shortlist user list --db URI\n"
    "       shortlist user disable NAME --db URI\n";

// One line of standard input, without echo when it is a terminal.
std::string read_password(std::ostream& err) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    err << "Password (at least 12 characters): " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

int run_user(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("role", "", "ROLE", "organiser or juror")
      .option("juror", "", "ID", "for a juror's account: the juror's id in the roster")
      .option("call", "", "ID", "the call whose roster names the juror (default: main)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  std::string action;
  try {
    options = line.parse(2);
    if (options.flag("help")) {
      out << kUsage << "\nAccounts of the web service (shortlist serve). The password is read\n"
          << "from standard input.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty()) throw UsageError("add, list or disable?");
    action = options.positional[0];
    const std::size_t wanted = action == "list" ? 1 : 2;
    if (action != "add" && action != "list" && action != "disable") {
      throw UsageError("unknown action '" + action + "' (add, list, disable)");
    }
    if (options.positional.size() != wanted) {
      throw UsageError(action == "list" ? "list takes no name" : action + " takes one NAME");
    }
    if (!options.last("db")) throw UsageError("--db is required");
    if (action == "add" && !options.last("role")) throw UsageError("--role is required");
  } catch (const UsageError& e) {
    err << "shortlist user: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  if (action == "list") {
    for (const store::Account& account : store::list_accounts(*db)) {
      out << account.name << "\t" << account.role << "\t"
          << (account.juror.empty() ? "-" : account.juror) << "\t"
          << (account.disabled_at.empty() ? "enabled" : "disabled " + account.disabled_at) << "\n";
    }
    return 0;
  }
  const std::string name = options.positional[1];
  if (action == "add" && options.last("juror")) {
    // The account must be a juror of the roster: reviews, assignments and
    // the shortlist are all by roster id.
    const std::string call = options.last("call").value_or("main");
    const std::string juror = *options.last("juror");
    const std::vector<jury::Juror> roster = store::load_jurors(*db, call);
    if (std::none_of(roster.begin(), roster.end(),
                     [&](const jury::Juror& j) { return j.id == juror; })) {
      err << "shortlist user: there is no juror '" << juror << "' on the jury roster of call '"
          << call << "' (" << roster.size()
          << " jurors, from 'shortlist jury import FILE' or 'shortlist jury add'): add the juror "
             "there first, or name another call with --call\n";
      return 1;
    }
  }
  Expected<bool> done =
      action == "add" ? store::add_account(
                            *db, {name, *options.last("role"), options.last("juror").value_or("")},
                            read_password(err), "cli")
                      : store::disable_account(*db, name, "cli");
  if (!done) {
    err << "shortlist user: " << done.problems()[0].message << "\n";
    return 1;
  }
  out << (action == "add" ? "added " : *done ? "disabled " : "already disabled: ") << name << "\n";
  return 0;
}

}  // namespace shortlist::cli
