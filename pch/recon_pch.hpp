// Precompiled header of the library and the tests: the standard and third-party headers that most
// translation units include, parsed once per build instead of once per file (it halves the
// sanitizer build's time). Only headers of other projects belong here: recon's own headers
// change too often to be worth it, and every file still includes what it uses.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
