// Observer: what a use-case tells its front end while it works — how far it
// has gone and what the user should know that does not stop it. The CLI
// prints it to standard error; the service keeps it. Failures are not told
// here: a use-case returns them (Expected).
//
//   class Printed : public app::Observer {
//     void warning(const std::string& message) override { std::cerr << "warning: " << message; }
//   };
//   Printed printed;
//   app::load_plugins(registry, sources, &config, printed);
#pragma once

#include <cstddef>
#include <string>

namespace shortlist::app {

class Observer {
 public:
  virtual ~Observer() = default;
  // Something worth knowing that the work went on despite: a plugin that
  // failed to load and no criterion uses, two files giving one plugin name.
  virtual void warning(const std::string& message) { (void)message; }
  // Something passed over as expected, said so that nothing is skipped
  // silently: a blank application form beside the proposals.
  virtual void note(const std::string& message) { (void)message; }
  // After each submission file read: (files done, files in all). Called
  // from one thread at a time, but not always the same one.
  virtual void reading(std::size_t done, std::size_t total) {
    (void)done;
    (void)total;
  }
};

// For callers with no one to tell.
inline Observer& unobserved() {
  static Observer none;
  return none;
}

}  // namespace shortlist::app
