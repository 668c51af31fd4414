// How apply, status and history turn failures into exit codes, with the connection string's
// password redacted from every message (libpq may echo it).
#pragma once

#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "apply/errors.hpp"
#include "catalog/diagnostic.hpp"
#include "cli/context.hpp"
#include "cli/exit_codes.hpp"
#include "pg/connection_url.hpp"

namespace recon::cli {

// Runs `body`, rethrowing what it throws as CommandError with the right exit code: refused (4)
// for apply::Refused, 128 + signal for apply::Interrupted, error (1) for apply::Failed and database
// or other errors; InputError (invalid input, 3) passes through with its message redacted.
template <class Body>
auto with_database_errors(const std::string& url, Body&& body) -> decltype(body()) {
  const auto redacted = [&](const std::string& text) { return pg::redact_in(text, url); };
  try {
    return std::forward<Body>(body)();
  } catch (const CommandError& e) {
    throw CommandError{e.code, redacted(e.message)};
  } catch (const apply::Interrupted& e) {
    throw CommandError{exit_code::interrupted_base + e.signal(), redacted(e.what())};
  } catch (const apply::Refused& e) {
    throw CommandError{exit_code::refused, redacted(e.what())};
  } catch (const apply::Failed& e) {
    throw CommandError{exit_code::error, redacted(e.what())};
  } catch (const InputError& e) {
    throw CommandError{exit_code::invalid_input, redacted(e.what())};
  } catch (const pqxx::broken_connection& e) {
    throw CommandError{exit_code::error, "cannot reach the database " +
                                             pg::redact(url.empty() ? "(PG* variables)" : url) +
                                             ": " + redacted(e.what())};
  } catch (const std::exception& e) {
    throw CommandError{exit_code::error, redacted(e.what())};
  }
}

}  // namespace recon::cli
