// The dev server: where recon replays revisions and normalizes declarations. By default an
// embedded throwaway cluster started on first use; with --dev-url, a server the user runs.
// Either way recon works only in scratch databases it creates and drops itself.
#pragma once

#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <pqxx/connection>

#include "pg/cluster.hpp"

namespace recon::pg {

class DevServer;

// A database that exists for as long as this object does.
class ScratchDatabase {
 public:
  ScratchDatabase(DevServer& server, std::string name, std::string url);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  DevServer& server_;
  std::string name_;
  std::string url_;
};

class DevServer {
 public:
  explicit DevServer(std::optional<std::string> dev_url);
  ~DevServer();

  // Starts the embedded cluster in the background (initdb takes a second), so that it is up
  // by the time the caller, busy reading declarations, needs it. No-op with a dev URL.
  void start_early();

  std::unique_ptr<ScratchDatabase> scratch();
  // SQL run in every scratch database made from now on (extensions that declared types of
  // other schemas come from).
  void prepare_scratch_with(std::string sql) { preparation_ = std::move(sql); }
  void drop(const std::string& database) noexcept;

  // server_version_num, e.g. 150004.
  int server_version();

 private:
  std::string admin_url();
  // Runs `sql` on the server's maintenance database, on one connection kept for every CREATE
  // and DROP of a scratch database: a plan makes several, and each connection is a backend the
  // server starts.
  void admin_exec(const std::string& sql);
  // The kept connection, opened (again) when there is none; admin_mutex_ held.
  pqxx::connection& open_admin(const std::string& url);

  std::optional<std::string> dev_url_;
  std::unique_ptr<Cluster> cluster_;
  // The early start's thread owns the cluster for as long as it runs: the server is started
  // with PR_SET_PDEATHSIG, which ties it to the thread that started it.
  std::thread starter_;
  std::future<std::string> started_url_;
  std::promise<void> release_;
  // Scratch databases are recon_scratch_<pid>_<n>_<salt>: the pid alone repeats between
  // containers (often 1) and between DevServers of one process, which may share a server.
  std::string salt_;
  int counter_ = 0;
  int server_version_ = 0;
  std::mutex admin_mutex_;
  std::unique_ptr<pqxx::connection> admin_;
  std::string preparation_;
};

}  // namespace recon::pg
