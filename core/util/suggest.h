// "Did you mean" for misspelt keys: the closest known word by edit distance,
// when it is close enough to be a plausible typo.
//
//   closest_match("wieght", {"weight", "label"})  // "weight"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shortlist {

std::size_t edit_distance(std::string_view a, std::string_view b);

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& known);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known);

}  // namespace shortlist
