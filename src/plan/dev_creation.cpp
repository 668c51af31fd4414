#include "plan/dev_creation.hpp"

#include <algorithm>
#include <optional>

#include <pqxx/pqxx>

#include "catalog/diagnostic.hpp"
#include "run/runner.hpp"

namespace recon::plan {
namespace {

// SQLSTATEs of "... does not exist": undefined table, function, object (a type), column,
// schema. Anything else is the declaration's own fault.
bool lacks_an_object(const std::string& sqlstate) {
  static const char* const codes[] = {"42P01", "42883", "42704", "42703", "3F000"};
  return std::find(std::begin(codes), std::end(codes), sqlstate) != std::end(codes);
}

class Attempts {
 public:
  Attempts(pqxx::work& txn, const Catalog& declared, const std::vector<Change>& changes)
      : txn_(txn), declared_(declared), changes_(changes) {}

  // Runs change `i` in a savepoint: nullopt when it ran, else what the server said.
  std::optional<run::StepError> attempt(std::size_t i) {
    pqxx::subtransaction savepoint(txn_, "recon_creation");
    try {
      run::run_step(savepoint, declared_.schema, changes_[i], i + 1, changes_.size());
      savepoint.commit();
      return std::nullopt;
    } catch (const run::StepError& e) {
      return e;  // the savepoint is rolled back as it goes out of scope
    }
  }

  [[noreturn]] void reject(const run::StepError& failed) const {
    const Change& change = changes_.at(failed.number() - 1);
    throw InputError(
        {{change.where, change.object + ": PostgreSQL rejects it: " + failed.server_message()}});
  }

 private:
  pqxx::work& txn_;
  const Catalog& declared_;
  const std::vector<Change>& changes_;
};

struct Waiting {
  std::size_t change;
  std::string last_message;
};

// Retries the waiting changes after change `done` succeeded, until none goes further.
void retry_waiting(Attempts& attempts, std::vector<Waiting>& waiting, std::size_t done,
                   Creation& creation) {
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = waiting.begin(); it != waiting.end();) {
      const auto failed = attempts.attempt(it->change);
      if (failed && failed->server_message() == it->last_message) {
        ++it;
        continue;
      }
      creation.waited_for[it->change].push_back(done);
      if (failed) {  // further, but still lacking something else
        it->last_message = failed->server_message();
        ++it;
        continue;
      }
      creation.order.push_back(it->change);
      done = it->change;
      it = waiting.erase(it);
      progress = true;
    }
  }
}

}  // namespace

Creation create_declared(pqxx::connection& conn, const Catalog& declared,
                         const std::vector<Change>& changes, const std::string& prelude) {
  const std::vector<Step> steps = steps_of(changes);
  Creation creation;
  // The whole declaration in one batch first (run/batch.hpp): the usual case, and fast.
  try {
    pqxx::work txn(conn);
    if (!prelude.empty()) txn.exec(prelude);
    if (!steps.empty()) run::run_batch(txn, declared.schema, steps, run::Batch{0, steps.size()});
    txn.commit();
    for (std::size_t i = 0; i < changes.size(); ++i) creation.order.push_back(i);
    return creation;
  } catch (const run::BatchError& e) {
    if (e.connection_lost()) throw;
  }
  pqxx::work txn(conn);
  if (!prelude.empty()) txn.exec(prelude);
  Attempts attempts(txn, declared, changes);
  std::vector<Waiting> waiting;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto failed = attempts.attempt(i);
    if (failed && !lacks_an_object(failed->sqlstate())) attempts.reject(*failed);
    if (failed) {
      waiting.push_back({i, failed->server_message()});
      continue;
    }
    creation.order.push_back(i);
    retry_waiting(attempts, waiting, i, creation);
  }
  if (!waiting.empty()) {
    if (auto failed = attempts.attempt(waiting.front().change)) attempts.reject(*failed);
  }
  txn.commit();
  return creation;
}

}  // namespace recon::plan
