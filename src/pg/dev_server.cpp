#include "pg/dev_server.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <pqxx/pqxx>
#include <random>

#include "catalog/identifier.hpp"
#include "pg/connection_url.hpp"
#include "pg/conninfo.hpp"
#include "pg/initdb_cache.hpp"

namespace recon::pg {

ScratchDatabase::ScratchDatabase(DevServer& server, std::string name, std::string url)
    : server_(server), name_(std::move(name)), url_(std::move(url)) {}

ScratchDatabase::~ScratchDatabase() {
  server_.drop(name_);
}

namespace {
ClusterOptions embedded_options() {
  ClusterOptions options;
  options.initdb_cache = default_initdb_cache();
  return options;
}

// PostgreSQL 15 copies a template block by block through the WAL by default; for a template as
// small as template0, copying its files is about 40% cheaper, and a plan creates several.
std::string copy_strategy(int server_version) {
  return server_version >= 150000 ? " STRATEGY FILE_COPY" : "";
}

}  // namespace

DevServer::DevServer(std::optional<std::string> dev_url)
    : salt_(fmt::format("{:08x}", std::random_device{}())) {
  if (dev_url) dev_url_ = to_libpq(*dev_url);
}

DevServer::~DevServer() {
  admin_.reset();  // before the embedded server stops: it would wait for the session to end
  if (!starter_.joinable()) return;
  release_.set_value();
  starter_.join();
}

void DevServer::start_early() {
  if (dev_url_ || cluster_ || starter_.joinable()) return;
  std::promise<std::string> url;
  started_url_ = url.get_future();
  starter_ = std::thread(
      [](std::promise<std::string> url, std::future<void> released) {
        try {
          Cluster cluster = Cluster::start(embedded_options());
          url.set_value(cluster.url("postgres"));
          released.wait();
        } catch (...) {
          url.set_exception(std::current_exception());
        }
      },
      std::move(url), release_.get_future());
}

std::string DevServer::admin_url() {
  if (dev_url_) return *dev_url_;
  if (started_url_.valid()) dev_url_ = started_url_.get();  // throws what starting threw
  if (dev_url_) return *dev_url_;
  if (!cluster_) cluster_ = std::make_unique<Cluster>(Cluster::start(embedded_options()));
  return cluster_->url("postgres");
}

pqxx::connection& DevServer::open_admin(const std::string& url) {
  if (!admin_ || !admin_->is_open()) admin_ = std::make_unique<pqxx::connection>(url);
  return *admin_;
}

void DevServer::admin_exec(const std::string& sql) {
  const std::string url = admin_url();
  const std::lock_guard lock(admin_mutex_);
  for (int attempt = 0;; ++attempt) {
    try {
      pqxx::nontransaction txn(open_admin(url));
      txn.exec(sql);
      return;
    } catch (const pqxx::broken_connection&) {
      admin_.reset();  // the server ended the kept session (a restart, idle timeout): once more
      if (attempt > 0) throw;
    }
  }
}

int DevServer::server_version() {
  if (server_version_ != 0) return server_version_;
  const std::string admin = admin_url();
  try {
    const std::lock_guard lock(admin_mutex_);
    server_version_ = open_admin(admin).server_version();
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot connect to the dev server " + redact(admin) + ": " +
                             redact_in(e.what(), admin));
  }
  return server_version_;
}

std::unique_ptr<ScratchDatabase> DevServer::scratch() {
  const std::string admin = admin_url();
  const std::string name = fmt::format("recon_scratch_{}_{}_{}", getpid(), ++counter_, salt_);
  const int version = server_version();
  try {
    admin_exec("CREATE DATABASE " + quote_ident(name) + " TEMPLATE template0" +
               copy_strategy(version));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot create a scratch database on the dev server " + redact(admin) +
                             ": " + redact_in(e.what(), admin));
  }
  auto scratch = std::make_unique<ScratchDatabase>(*this, name, url_with_dbname(admin, name));
  if (!preparation_.empty()) {
    pqxx::connection conn(scratch->url());
    pqxx::nontransaction(conn).exec(preparation_);
  }
  return scratch;
}

void DevServer::drop(const std::string& database) noexcept {
  try {
    admin_exec("DROP DATABASE IF EXISTS " + quote_ident(database) + " WITH (FORCE)");
  } catch (...) {
    // A scratch database left on a user's dev server is harmless; never fail for it.
  }
}

}  // namespace recon::pg
