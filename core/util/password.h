// Passwords kept as PBKDF2-HMAC-SHA256 with a random 16-byte salt per
// password and 600,000 iterations (OpenSSL, which Poco::Crypto wraps), in one
// self-describing text so that the cost can rise later without breaking the
// passwords already stored:
//
//   pbkdf2-sha256$600000$<salt, hex>$<key, hex>
//
//   std::string stored = hash_password("correct horse battery");
//   verify_password("correct horse battery", stored);  // true
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shortlist {

inline constexpr int kPasswordIterations = 600000;

std::string hash_password(std::string_view password, int iterations = kPasswordIterations);
// Whether `password` is the one `stored` was made from; false for a stored
// text that is not of the form above. The key is compared in constant time.
bool verify_password(std::string_view password, const std::string& stored);
// What is wrong with `password` as a new password, or "" when nothing is:
// fewer than 12 or more than 1024 characters, or fewer than 10^10 guesses
// by zxcvbn's estimate — which holds 10,000 of the passwords most often
// found in breaches, English words, names and keyboard patterns, and sees
// through common substitutions, repeats, sequences and dates (ASVS
// 2.1.7). `related` are words of the account (its name, role) that count
// as guessed.
std::string weak_password_reason(std::string_view password,
                                 const std::vector<std::string>& related = {});

// `size` random bytes from the system's secure source, as hex.
std::string random_hex(std::size_t size);
// HMAC-SHA256 of `message` under `key`, as hex (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// True when a and b are equal, in time that depends only on their lengths.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace shortlist
