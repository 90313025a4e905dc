// DecisionMatrix: raw values, one row per proposal, one column per criterion,
// stored row-major.
//
//   DecisionMatrix m(3, 2);
//   m.at(0, 1) = 120000;
#pragma once

#include <cstddef>
#include <vector>

namespace shortlist {

class DecisionMatrix {
 public:
  DecisionMatrix() = default;
  DecisionMatrix(std::size_t rows, std::size_t columns, double fill = 0.0)
      : rows_(rows), columns_(columns), values_(rows * columns, fill) {}
  std::size_t rows() const { return rows_; }
  std::size_t columns() const { return columns_; }
  double& at(std::size_t row, std::size_t column) { return values_[row * columns_ + column]; }
  double at(std::size_t row, std::size_t column) const { return values_[row * columns_ + column]; }

 private:
  std::size_t rows_ = 0;
  std::size_t columns_ = 0;
  std::vector<double> values_;
};

}  // namespace shortlist
