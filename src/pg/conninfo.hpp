#pragma once

// Building libpq connection URIs: the clusters' own URLs, and the URL of another database of the
// same server.

#include <string>
#include <string_view>

namespace recon::pg {

// Percent-encodes everything but RFC 3986 unreserved characters.
[[nodiscard]] std::string percent_encode(std::string_view text);

// Returns a libpq URI equivalent to `conninfo` (a URI or key=value string) but naming database
// `dbname`. Throws ClusterError if conninfo does not parse.
[[nodiscard]] std::string url_with_dbname(const std::string& conninfo, std::string_view dbname);

}  // namespace recon::pg
