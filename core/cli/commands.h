// The shortlist sub-commands. Each takes its arguments (after the command
// name) and streams, and returns the process exit status: 0 success, 2 bad
// usage or invalid configuration, 1 any other failure.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace shortlist::cli {

int run_evaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_status(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_runs(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_criteria(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_ingest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_export(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_feedback(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_jury(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_decide(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `lexicon check`: runs the relevance plugin's companion, shortlist-lexicon.
int run_lexicon(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_plugins(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_user(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `mail list|retry|send`: the outbox of e-mail to applicants.
int run_mail(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `call window|extend`: the online submission window and its deadline.
int run_call(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `forms`: the call's application form in Word or PDF.
int run_forms(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `plugins check FILE.so`: the plugin run in a worker process and watched.
int run_plugin_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace shortlist::cli
