// The web service's routes (`shortlist serve`): each an HTTP method, a path
// under /api/v1/ and the function that answers it. docs/openapi.yaml
// describes exactly these; a test keeps the two equal.
//
//   Api api(ApiSettings{"sqlite:shortlist.db", messages_dir});
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

#include "core/server/database_pool.h"
#include "core/server/rate_limiter.h"

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

struct ApiSettings {
  std::string database_uri;
  std::filesystem::path messages_dir;
  std::size_t pool_size = 8;
  int status_lookups_per_minute = 30;  // per client address
};

class Api {
 public:
  explicit Api(ApiSettings settings);

  const std::vector<Route>& routes() const { return routes_; }
  // The route for this method and path; nullptr when there is none (see
  // `allowed` to tell a wrong method from an unknown path).
  const Route* find(const std::string& method, const std::string& path) const;
  // The methods `path` answers, comma-separated; "" for an unknown path.
  std::string allowed(const std::string& path) const;

 private:
  ApiResponse health(const ApiRequest& request);
  ApiResponse status(const ApiRequest& request);

  ApiSettings settings_;
  DatabasePool pool_;
  RateLimiter status_limiter_;
  std::vector<Route> routes_;
};

}  // namespace shortlist::server
