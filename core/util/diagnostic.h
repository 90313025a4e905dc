// Diagnostic: one problem with the user's input, located as precisely as the
// input allows, and Expected<T>: a value or the problems that prevented it.
//
// Inside core/ expected failures are returned as Expected<T>, never thrown;
// exceptions are caught at the edges (CLI, plugin boundary).
//
//   Expected<CallConfig> config = load_criteria("criteria/call.yaml");
//   if (!config) for (const Diagnostic& d : config.problems()) std::cerr << d << '\n';
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace shortlist {

// 1-based line and column; 0 when unknown.
struct SourcePosition {
  int line = 0;
  int column = 0;
};

struct Diagnostic;
using Diagnostics = std::vector<Diagnostic>;

struct Diagnostic {
  std::string source;  // a file, or a file with "#row=N"
  SourcePosition position;
  std::string message;

  // "file:line:column: message", or "file: message" when there is no position.
  std::string to_string() const;
  // "line:column: message" without the source, for where the source is shown apart.
  std::string located_message() const;
};

// Orders diagnostics of one source as a reader meets them: by line, then column.
void sort_by_position(Diagnostics& diagnostics);

// Messages of several diagnostics of one source, "; "-separated.
std::string join_located(const std::vector<Diagnostic>& diagnostics);

std::ostream& operator<<(std::ostream& out, const Diagnostic& diagnostic);

template <class T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Expected(Diagnostic problem) : state_(Diagnostics{std::move(problem)}) {}  // NOLINT
  Expected(Diagnostics problems) : state_(std::move(problems)) {}            // NOLINT

  explicit operator bool() const { return std::holds_alternative<T>(state_); }
  bool ok() const { return std::holds_alternative<T>(state_); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Diagnostics& problems() const { return std::get<Diagnostics>(state_); }
  Diagnostics&& take_problems() && { return std::get<Diagnostics>(std::move(state_)); }

 private:
  std::variant<T, Diagnostics> state_;
};

}  // namespace shortlist
