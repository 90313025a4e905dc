#include "core/ranking/preference.h"

#include <cmath>
#include <cstdio>

namespace shortlist {

double PreferenceFunction::operator()(double d) const {
  switch (shape) {
    case PreferenceShape::Usual:
      return d > 0 ? 1.0 : 0.0;
    case PreferenceShape::UShape:
      return d > q ? 1.0 : 0.0;
    case PreferenceShape::VShape:
      if (d <= 0) return 0.0;
      return d >= p ? 1.0 : d / p;
    case PreferenceShape::Level:
      if (d <= q) return 0.0;
      return d <= p ? 0.5 : 1.0;
    case PreferenceShape::Linear:
      if (d <= q) return 0.0;
      return d >= p ? 1.0 : (d - q) / (p - q);
    case PreferenceShape::Gaussian:
      return d <= 0 ? 0.0 : 1.0 - std::exp(-(d * d) / (2 * s * s));
  }
  return 0.0;
}

std::string_view needed_thresholds(PreferenceShape shape) {
  switch (shape) {
    case PreferenceShape::Usual:
      return "";
    case PreferenceShape::UShape:
      return "q";
    case PreferenceShape::VShape:
      return "p";
    case PreferenceShape::Level:
    case PreferenceShape::Linear:
      return "q, p";
    case PreferenceShape::Gaussian:
      return "s";
  }
  return "";
}

namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace

std::string check_thresholds(const PreferenceFunction& f) {
  const std::string name(to_string(f.shape));
  switch (f.shape) {
    case PreferenceShape::Usual:
      return "";
    case PreferenceShape::UShape:
      return f.q < 0 ? name + " needs q >= 0" : "";
    case PreferenceShape::VShape:
      return f.p <= 0 ? name + " needs p > 0" : "";
    case PreferenceShape::Level:
    case PreferenceShape::Linear:
      if (f.q < 0) return name + " needs q >= 0";
      if (f.p <= f.q) {
        return name + " needs p > q (got q = " + number(f.q) + ", p = " + number(f.p) + ")";
      }
      return "";
    case PreferenceShape::Gaussian:
      return f.s <= 0 ? name + " needs s > 0" : "";
  }
  return "";
}

}  // namespace shortlist
