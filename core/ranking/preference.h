// The six standard PROMETHEE preference functions (Brans & Vincke 1985):
// how strongly a is preferred to b on one criterion, from the difference
// d = g(a) - g(b) (already oriented so that more is better), in [0, 1].
//
//   PreferenceFunction linear{PreferenceShape::Linear, /*q=*/1, /*p=*/2};
//   linear(1.5);  // 0.5
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/util/enum_names.h"

namespace shortlist {

enum class PreferenceShape { Usual, UShape, VShape, Level, Linear, Gaussian };

struct PreferenceFunction {
  PreferenceShape shape = PreferenceShape::Usual;
  double q = 0;  // indifference threshold (u_shape, level, linear)
  double p = 0;  // preference threshold (v_shape, level, linear)
  double s = 0;  // Gaussian inflexion point

  double operator()(double d) const;
};

inline constexpr EnumName<PreferenceShape> kPreferenceShapeNames[] = {
    {PreferenceShape::Usual, "usual"},    {PreferenceShape::UShape, "u_shape"},
    {PreferenceShape::VShape, "v_shape"}, {PreferenceShape::Level, "level"},
    {PreferenceShape::Linear, "linear"},  {PreferenceShape::Gaussian, "gaussian"}};

inline std::string_view to_string(PreferenceShape shape) {
  return name_of(kPreferenceShapeNames, shape);
}
// Which of q, p, s a shape needs, e.g. "q, p"; "" for usual.
std::string_view needed_thresholds(PreferenceShape shape);
// "" when the thresholds make sense for the shape, else why not.
std::string check_thresholds(const PreferenceFunction& f);

}  // namespace shortlist
