// What each fuzz target checks of one input, shared with the regression
// test that replays every input a fuzzer once crashed on
// (tests/fuzz_regression_test.cc, inputs in tests/fuzz/regressions/).
// Each reads the input the way Shortlist reads outside input and returns ""
// when the outcome is as it must be, or what is wrong with it.
#pragma once

#include <string>
#include <string_view>

namespace shortlist::fuzz {

// One submission file with this extension (".json", ".pdf", ...), read as
// ingestion reads it: a proposal, or an exclusion with a reason.
std::string submission(std::string_view bytes, const std::string& extension);

// A criteria file: a configuration, or problems that each say what is wrong.
std::string criteria(std::string_view text);

// What a plugin worker sends back (first byte even: a description of its
// plugin in JSON; odd: a batch of scores): read, or refused with a reason.
std::string plugin_reply(std::string_view bytes);

}  // namespace shortlist::fuzz
