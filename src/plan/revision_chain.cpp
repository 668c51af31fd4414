#include "plan/revision_chain.hpp"

#include <fstream>

#include "plan/chain_checks.hpp"
#include "plan/revision_layout.hpp"

namespace recon {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSlug = 60;

}  // namespace

std::string revision_file_name(int number, std::string_view slug) {
  return revision_layout::number_text(number) + "_" + std::string(slug) + ".sql";
}

std::optional<std::pair<int, std::string>> parse_revision_file_name(std::string_view name) {
  constexpr std::string_view ext = ".sql";
  if (name.size() <= ext.size() || name.substr(name.size() - ext.size()) != ext)
    return std::nullopt;
  name.remove_suffix(ext.size());
  std::size_t i = 0;
  long long number = 0;
  while (i < name.size() && name[i] >= '0' && name[i] <= '9') {
    if (i >= 9) return std::nullopt;
    number = number * 10 + (name[i] - '0');
    ++i;
  }
  if (i < 4 || number < 1 || i >= name.size() || name[i] != '_') return std::nullopt;
  const std::string_view slug = name.substr(i + 1);
  if (!revision_layout::is_slug(slug)) return std::nullopt;
  return std::pair<int, std::string>(static_cast<int>(number), std::string(slug));
}

std::string make_slug(std::string_view message) {
  std::string slug;
  bool pending_separator = false;
  for (const char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) continue;  // non-ASCII: dropped
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      pending_separator = !slug.empty();
      continue;
    }
    if (pending_separator) {
      if (slug.size() + 1 >= kMaxSlug) break;
      slug.push_back('_');
      pending_separator = false;
    }
    if (slug.size() >= kMaxSlug) break;
    slug.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return slug.empty() ? "change" : slug;
}

std::optional<std::string> peek_last_target(const fs::path& plans_dir) {
  std::error_code ec;
  std::optional<std::pair<int, fs::path>> last;
  for (fs::directory_iterator it(plans_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = parse_revision_file_name(it->path().filename().string());
    if (name && (!last || name->first > last->first)) last = {name->first, it->path()};
  }
  if (!last) return std::nullopt;
  std::ifstream in(last->second, std::ios::binary);
  const std::string_view key = "-- target: ";
  std::string line;
  for (int n = 0; n < 16 && std::getline(in, line); ++n)
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  return std::nullopt;
}

Chain read_chain(const fs::path& plans_dir, const std::string& project, const std::string& schema) {
  Chain chain;
  chain.project = project;
  const auto files = chain::plan_files(plans_dir, chain.problems);
  if (!files) return chain;
  std::vector<chain::Entry> entries;
  for (const auto& path : *files)
    if (auto entry = chain::read_entry(path, project, schema, chain.problems))
      entries.push_back(std::move(*entry));
  std::stable_sort(
      entries.begin(), entries.end(),
      [](const chain::Entry& a, const chain::Entry& b) { return a.number < b.number; });
  chain::find_forks(entries, project, chain.problems);
  chain::check_links(entries, chain.problems);
  for (auto& entry : entries)
    if (entry.revision) chain.revisions.push_back(std::move(*entry.revision));
  return chain;
}

}  // namespace recon
