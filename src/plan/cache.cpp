#include "plan/cache.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "recon_build_id.hpp"

namespace recon::plan {
namespace fs = std::filesystem;

std::string cache_key() {
  return "format " + std::to_string(cache_format) + " build " + RECON_BUILD_ID;
}

Cache::Cache(fs::path root, Access access, std::string key)
    : root_(std::move(root)), access_(access), key_(std::move(key)) {}

std::optional<std::string> Cache::read(const fs::path& relative, std::size_t limit) const {
  std::ifstream in(dir() / relative, std::ios::binary);
  if (!in) return std::nullopt;
  if (limit != std::string::npos) {
    std::string text(limit, '\0');
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

void Cache::write(const fs::path& relative, const std::string& text) const {
  if (!writable()) return;
  std::error_code ec;
  if (!fs::exists(dir() / ".gitignore", ec)) {
    fs::create_directories(dir(), ec);
    std::ofstream(dir() / ".gitignore")
        << "# recon's local cache: safe to delete, never commit\n*\n";
  }
  const fs::path file = dir() / relative;
  fs::create_directories(file.parent_path(), ec);
  const fs::path temporary = file.string() + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      fs::remove(temporary, ec);
      return;
    }
  }
  fs::rename(temporary, file, ec);
  if (ec) fs::remove(temporary, ec);
}

void Cache::remove(const fs::path& relative) const {
  if (!writable()) return;
  std::error_code ec;
  fs::remove(dir() / relative, ec);
}

}  // namespace recon::plan
