// Tracking codes: what an applicant types to check their status. Twelve
// symbols from Crockford's base-32 alphabet (no I, L, O or U, so nothing
// can be misread), shown in three groups: 11 random symbols (55 bits from
// the system's secure random source) and a Luhn mod 32 check symbol that
// catches any single mistyped symbol and most swaps of neighbours.
//
//   std::string code = new_tracking_code();             // "K7QM-3XJD-9TBW"
//   std::optional<std::string> c = normalize_tracking_code(" k7qm 3xjd-9tbw ");
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shortlist::ingest {

std::string new_tracking_code();

// The code in its canonical form ("K7QM-3XJD-9TBW") if `typed` is one — any
// case, with or without dashes or spaces, O read as 0 and I or L as 1 — and
// its check symbol is right; nullopt otherwise.
std::optional<std::string> normalize_tracking_code(std::string_view typed);

}  // namespace shortlist::ingest
