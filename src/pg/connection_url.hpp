// Where recon finds the database to work on, and how a connection string is shown
// to people (never with its password).
#pragma once

#include <optional>
#include <string>

namespace recon::pg {

// --db, else RECON_DATABASE_URL, else DATABASE_URL; nullopt means "let libpq use its
// PG* environment variables". SQLAlchemy spellings (postgresql+psycopg2://) are accepted.
std::optional<std::string> resolve_database_url(const std::optional<std::string>& from_flag);

// Accepts postgres:// and postgresql:// URIs, their SQLAlchemy "+driver" forms, and
// libpq key=value strings; returns what libpq accepts.
std::string to_libpq(const std::string& url);

// The same connection string with any password replaced by "***".
std::string redact(const std::string& url);

// Replaces every occurrence of the password of `url` in `text` (error messages from libpq
// may echo the connection string).
std::string redact_in(const std::string& text, const std::string& url);

}  // namespace recon::pg
