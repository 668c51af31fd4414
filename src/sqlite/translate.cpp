#include "sqlite/translate.hpp"

#include <cctype>
#include <map>
#include <set>

#include "catalog/identifier.hpp"
#include "sqlite/types.hpp"

namespace recon::sqlite {
namespace {

struct Piece {
  std::string text;
  bool call = false;        // a function name: no space before its "("
  bool boolean = false;     // a boolean column
  bool comparison = false;  // =, <>, IS, IS NOT
};

const std::set<std::string>& keywords() {
  static const std::set<std::string> k = {
      "AND",          "OR",          "NOT",  "IS",   "NULL", "IN",  "BETWEEN", "TRUE",
      "FALSE",        "CASE",        "WHEN", "THEN", "ELSE", "END", "ESCAPE",  "CURRENT_TIMESTAMP",
      "CURRENT_DATE", "CURRENT_TIME"};
  return k;
}

// SQLite functions that Postgres has under the same or another name, with the same meaning
// for the arguments they are usually given.
const std::map<std::string, std::string>& functions() {
  static const std::map<std::string, std::string> f = {
      {"lower", "lower"},      {"upper", "upper"},       {"length", "length"},
      {"abs", "abs"},          {"coalesce", "coalesce"}, {"ifnull", "coalesce"},
      {"nullif", "nullif"},    {"trim", "btrim"},        {"ltrim", "ltrim"},
      {"rtrim", "rtrim"},      {"replace", "replace"},   {"substr", "substr"},
      {"substring", "substr"}, {"round", "round"},       {"instr", "strpos"}};
  return f;
}

class Translator {
 public:
  Translator(const std::vector<Token>& tokens, const ExpressionContext& context)
      : t_(tokens), context_(context) {}

  Translated run() {
    while (i_ < t_.size() && problem_.empty()) step();
    if (!problem_.empty()) return {"", problem_};
    std::string out;
    for (std::size_t n = 0; n < out_.size(); ++n) {
      const bool tight = n == 0 || out_[n].text == ")" || out_[n].text == "," ||
                         out_[n].text == "." || out_[n - 1].text == "(" ||
                         out_[n - 1].text == "." || (out_[n].text == "(" && out_[n - 1].call);
      out += (tight ? "" : " ") + out_[n].text;
    }
    return {out, ""};
  }

 private:
  void fail(std::string why) {
    if (problem_.empty()) problem_ = std::move(why);
  }
  bool next_is(std::size_t ahead, std::string_view op) const {
    return i_ + ahead < t_.size() && is_op(t_[i_ + ahead], op);
  }

  void step() {
    const Token& t = t_[i_];
    switch (t.kind) {
      case TokenKind::word:
        return word(t);
      case TokenKind::identifier:
        return column();
      case TokenKind::string:
        out_.push_back({quote_literal(t.value)});
        break;
      case TokenKind::number:
        number(t);
        break;
      case TokenKind::blob:
        out_.push_back({"'\\x" + ascii_lower(t.value) + "'::bytea"});
        break;
      case TokenKind::op:
        op(t);
        break;
    }
    ++i_;
  }

  void number(const Token& t) {
    if (t.text.size() > 1 && (t.text[1] == 'x' || t.text[1] == 'X'))
      return fail("hexadecimal number " + t.text);
    // SQLite keeps booleans as 0 and 1; a comparison with a boolean column needs Postgres's.
    const std::size_t n = out_.size();
    if ((t.text == "0" || t.text == "1") && n >= 2 && out_[n - 1].comparison &&
        out_[n - 2].boolean) {
      out_.push_back({t.text == "1" ? "true" : "false"});
      return;
    }
    out_.push_back({t.text});
  }

  void op(const Token& t) {
    static const std::set<std::string> allowed = {"+", "-",  "*",  "/", "%",  "||", "<",
                                                  ">", "<=", ">=", "=", "!=", "<>", "(",
                                                  ")", ",",  "&",  "|", "~",  "<<", ">>"};
    if (t.text == "==") {
      out_.push_back({"=", false, false, true});
    } else if (allowed.count(t.text) != 0) {
      out_.push_back({t.text, false, false, t.text == "=" || t.text == "!=" || t.text == "<>"});
    } else {
      fail("'" + t.text + "'");
    }
  }

  void word(const Token& t) {
    const std::string& w = t.value;
    if (w == "LIKE") {
      // SQLite's LIKE ignores the case of ASCII letters; Postgres's does not.
      out_.push_back({"ILIKE"});
    } else if (w == "IS") {
      out_.push_back({"IS", false, false, true});
      if (i_ + 1 < t_.size() && is_word(t_[i_ + 1], "NOT")) {
        out_.back().text = "IS NOT";
        ++i_;
      }
    } else if (keywords().count(w) != 0) {
      out_.push_back({w});
    } else if (w == "GLOB" || w == "REGEXP" || w == "MATCH" || w == "COLLATE") {
      return fail(w + " (no Postgres equivalent with the same meaning)");
    } else if (next_is(1, "(")) {
      return call(t);
    } else {
      return column();
    }
    ++i_;
  }

  void call(const Token& t) {
    const std::string name = ascii_lower(t.text);
    std::size_t close = 0;
    const auto args = parenthesized(t_, i_ + 1, close);
    // datetime('now') and friends: SQLite's spelling of the current time (in UTC).
    static const std::map<std::string, std::string> now = {
        {"datetime", "CURRENT_TIMESTAMP"}, {"date", "CURRENT_DATE"}, {"time", "CURRENT_TIME"}};
    if (auto it = now.find(name); it != now.end()) {
      if (args.size() == 1 && args[0].kind == TokenKind::string &&
          ascii_lower(args[0].value) == "now") {
        out_.push_back({it->second});
        i_ = close + 1;
        return;
      }
      return fail(name + "(...) with arguments other than 'now'");
    }
    if (name == "cast") {
      std::size_t as = args.size();
      for (std::size_t n = 0; n < args.size(); ++n)
        if (is_word(args[n], "AS")) as = n;
      if (as == args.size()) return fail("CAST without AS");
      const auto inner =
          Translator({args.begin(), args.begin() + static_cast<std::ptrdiff_t>(as)}, context_)
              .run();
      if (!inner.ok()) return fail(inner.problem);
      const auto type =
          map_type(joined({args.begin() + static_cast<std::ptrdiff_t>(as) + 1, args.end()}));
      out_.push_back({"CAST(" + inner.sql + " AS " + type.type + ")"});
      i_ = close + 1;
      return;
    }
    auto it = functions().find(name);
    if (it == functions().end()) return fail("function " + t.text + "()");
    out_.push_back({it->second, true});
    ++i_;
  }

  void column() {
    std::string name = name_of(t_[i_]);
    if (next_is(1, ".")) {
      if (ascii_lower(name) != ascii_lower(context_.table) || i_ + 2 >= t_.size() ||
          !is_name(t_[i_ + 2]))
        return fail("reference to another table (" + name + ".)");
      i_ += 2;
      name = name_of(t_[i_]);
    }
    const std::pair<std::string, std::string>* found = nullptr;
    for (const auto& c : context_.columns) {
      if (c.first == name) found = &c;
    }
    for (const auto& c : context_.columns) {
      if (!found && ascii_lower(c.first) == ascii_lower(name)) found = &c;
    }
    if (!found) return fail("unknown name '" + name + "'");
    out_.push_back({quote_ident(found->first), false, found->second == "boolean"});
    ++i_;
  }

  const std::vector<Token>& t_;
  const ExpressionContext& context_;
  std::size_t i_ = 0;
  std::vector<Piece> out_;
  std::string problem_;
};

}  // namespace

Translated translate(const std::vector<Token>& expression, const ExpressionContext& context) {
  if (expression.empty()) return {"", "an empty expression"};
  try {
    return Translator(expression, context).run();
  } catch (const std::exception& e) {
    return {"", e.what()};
  }
}

Translated translate_default(const std::string& sqlite_default, const std::string& type) {
  std::vector<Token> tokens;
  try {
    tokens = tokenize(sqlite_default);
  } catch (const std::exception& e) {
    return {"", e.what()};
  }
  // DEFAULT (expr): the parentheses SQLite requires around expressions are not needed here.
  while (tokens.size() >= 2 && is_op(tokens.front(), "(")) {
    std::size_t close = 0;
    std::vector<Token> inner;
    try {
      inner = parenthesized(tokens, 0, close);
    } catch (const std::exception& e) {
      return {"", e.what()};
    }
    if (close + 1 != tokens.size()) break;
    tokens = inner;
  }
  if (tokens.size() == 1 && is_word(tokens[0], "NULL")) return {"", ""};
  Translated out = translate(tokens, {});
  if (!out.ok()) return out;
  if (type == "boolean" && (out.sql == "0" || out.sql == "1"))
    out.sql = out.sql == "1" ? "true" : "false";
  if (type == "bigint" && (out.sql == "TRUE" || out.sql == "FALSE"))
    out.sql = out.sql == "TRUE" ? "1" : "0";
  return out;
}

}  // namespace recon::sqlite
