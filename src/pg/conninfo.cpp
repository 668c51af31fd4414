#include "pg/conninfo.hpp"

#include <libpq-fe.h>
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "pg/cluster_error.hpp"

namespace recon::pg {

namespace {

// The options set in `conninfo`; throws ClusterError if it does not parse. Free with
// PQconninfoFree.
PQconninfoOption* parse_conninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (options != nullptr) return options;
  std::string message = err != nullptr ? err : "out of memory";
  PQfreemem(err);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  throw ClusterError("invalid connection string: " + message);
}

// The set options but dbname: host, port and user first (the way Cluster::url writes them), then
// the rest in libpq's order.
std::vector<const PQconninfoOption*> options_but_dbname(const PQconninfoOption* options) {
  static constexpr std::array<std::string_view, 5> kFirst = {"host", "hostaddr", "port", "user",
                                                             "password"};
  auto rank = [](const char* keyword) {
    auto it = std::find(kFirst.begin(), kFirst.end(), keyword);
    return static_cast<std::size_t>(it - kFirst.begin());
  };
  std::vector<const PQconninfoOption*> set;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0' || std::strcmp(o->keyword, "dbname") == 0) continue;
    set.push_back(o);
  }
  std::stable_sort(set.begin(), set.end(),
                   [&](auto* a, auto* b) { return rank(a->keyword) < rank(b->keyword); });
  return set;
}

}  // namespace

std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string url_with_dbname(const std::string& conninfo, std::string_view dbname) {
  PQconninfoOption* options = parse_conninfo(conninfo);
  std::string url = "postgresql:///" + percent_encode(dbname);
  char sep = '?';
  for (const PQconninfoOption* o : options_but_dbname(options)) {
    url += sep;
    url += o->keyword;
    url += '=';
    url += percent_encode(o->val);
    sep = '&';
  }
  PQconninfoFree(options);
  return url;
}

}  // namespace recon::pg
