// SHA-256 (Poco::Crypto) as lower-case hex, for snapshots and provenance.
//
//   std::string id = sha256_hex(config.content);
//   std::optional<std::string> file = sha256_file("plugins/field.so");
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shortlist {

std::string sha256_hex(std::string_view bytes);
// The 32 bytes of the SHA-256 of `bytes`.
std::vector<unsigned char> sha256(std::string_view bytes);
// nullopt when the file cannot be read.
std::optional<std::string> sha256_file(const std::filesystem::path& file);

}  // namespace shortlist
