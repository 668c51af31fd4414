#include "pg/dev_server.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include "catalog/identifier.hpp"
#include "pg/connection_url.hpp"

namespace recon::pg {

ScratchDatabase::ScratchDatabase(DevServer& server, std::string name, std::string url)
    : server_(server), name_(std::move(name)), url_(std::move(url)) {}

ScratchDatabase::~ScratchDatabase() {
  server_.drop(name_);
}

DevServer::DevServer(std::optional<std::string> dev_url) {
  if (dev_url) dev_url_ = to_libpq(*dev_url);
}

DevServer::~DevServer() = default;

std::string DevServer::admin_url() {
  if (dev_url_) return *dev_url_;
  if (!cluster_) cluster_ = std::make_unique<Cluster>(Cluster::start());
  return cluster_->url("postgres");
}

std::unique_ptr<ScratchDatabase> DevServer::scratch() {
  const std::string admin = admin_url();
  const std::string name = fmt::format("recon_scratch_{}_{}", getpid(), ++counter_);
  try {
    pqxx::connection conn(admin);
    pqxx::nontransaction txn(conn);
    txn.exec("CREATE DATABASE " + quote_ident(name) + " TEMPLATE template0");
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot create a scratch database on the dev server " + redact(admin) +
                             ": " + redact_in(e.what(), admin));
  }
  return std::make_unique<ScratchDatabase>(*this, name, url_with_dbname(admin, name));
}

void DevServer::drop(const std::string& database) noexcept {
  try {
    pqxx::connection conn(admin_url());
    pqxx::nontransaction txn(conn);
    txn.exec("DROP DATABASE IF EXISTS " + quote_ident(database) + " WITH (FORCE)");
  } catch (...) {
    // A scratch database left on a user's dev server is harmless; never fail for it.
  }
}

}  // namespace recon::pg
