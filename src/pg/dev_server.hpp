// The dev server: where recon replays revisions and normalizes declarations. By default an
// embedded throwaway cluster started on first use; with --dev-url, a server the user runs.
// Either way recon works only in scratch databases it creates and drops itself.
#pragma once

#include <memory>
#include <optional>
#include <string>

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

  std::unique_ptr<ScratchDatabase> scratch();
  void drop(const std::string& database) noexcept;

 private:
  std::string admin_url();

  std::optional<std::string> dev_url_;
  std::unique_ptr<Cluster> cluster_;
  int counter_ = 0;
};

}  // namespace recon::pg
