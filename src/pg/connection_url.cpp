#include "pg/connection_url.hpp"

#include <cstdlib>
#include <regex>

#include "pg/environment.hpp"

namespace recon::pg {
namespace {

bool is_uri(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0 ||
         url.rfind("postgresql+", 0) == 0 || url.rfind("postgres+", 0) == 0;
}

// The password part of a URI (user:PASSWORD@), or of a key=value string (password=...).
std::optional<std::string> password_of(const std::string& url) {
  std::smatch m;
  if (is_uri(url)) {
    static const std::regex uri_password(R"(^[a-z+]+://[^:/@?#]*:([^@/?#]*)@)");
    if (std::regex_search(url, m, uri_password) && m[1].length() > 0) return m[1].str();
    static const std::regex query_password(R"([?&]password=([^&#]*))");
    if (std::regex_search(url, m, query_password) && m[1].length() > 0) return m[1].str();
    return std::nullopt;
  }
  static const std::regex kv_password(R"((?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+))");
  if (std::regex_search(url, m, kv_password)) return m[1].str();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> resolve_database_url(const std::optional<std::string>& from_flag) {
  if (from_flag && !from_flag->empty()) return to_libpq(*from_flag);
  if (auto v = environment_value("RECON_DATABASE_URL")) return to_libpq(*v);
  if (auto v = environment_value("DATABASE_URL")) return to_libpq(*v);
  return std::nullopt;
}

std::string to_libpq(const std::string& url) {
  static const std::regex driver_suffix(R"(^(postgres(?:ql)?)\+[A-Za-z0-9_]+://)");
  return std::regex_replace(url, driver_suffix, "$1://", std::regex_constants::format_first_only);
}

std::string redact(const std::string& url) {
  return redact_in(url, url);
}

std::string redact_in(const std::string& text, const std::string& url) {
  const auto password = password_of(url);
  if (!password) return text;
  std::string out = text;
  for (std::size_t at = out.find(*password); at != std::string::npos;
       at = out.find(*password, at + 3)) {
    out.replace(at, password->size(), "***");
  }
  return out;
}

}  // namespace recon::pg
