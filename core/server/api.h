// The web service's routes (`shortlist serve`): each an HTTP method, a path
// under /api/v1/ and the function that answers it. docs/openapi.yaml
// describes exactly these; a test keeps the two equal.
//
//   Api api(site);
//   const Route* route = api.find("GET", "/api/v1/health");
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/server/site.h"

namespace shortlist::server {

// What a route is given of a request, already read and within limits.
struct ApiRequest {
  std::string method;
  std::string path;
  std::string client;            // the peer's address
  std::string accept_language;   // the header, as sent
  Poco::JSON::Object::Ptr body;  // a JSON object, or null when there was none
};

struct ApiResponse {
  int status = 200;
  Poco::JSON::Object::Ptr body;
  std::map<std::string, std::string> headers;  // beyond those every response has
};

// An error answer: {"error": {"status": 404, "message": "..."}}.
ApiResponse error_response(int status, const std::string& message);

struct Route {
  std::string method;
  std::string path;
  std::function<ApiResponse(const ApiRequest&)> answer;
};

class Api {
 public:
  explicit Api(Site& site);

  const std::vector<Route>& routes() const { return routes_; }
  // The route for this method and path; nullptr when there is none (see
  // `allowed` to tell a wrong method from an unknown path).
  const Route* find(const std::string& method, const std::string& path) const;
  // The methods `path` answers, comma-separated; "" for an unknown path.
  std::string allowed(const std::string& path) const;

 private:
  ApiResponse health(const ApiRequest& request);
  ApiResponse status(const ApiRequest& request);

  Site& site_;
  std::vector<Route> routes_;
};

}  // namespace shortlist::server
