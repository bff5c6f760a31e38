#include "server/api/filter_parser.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "server/api/errors.h"
#include "server/app/resources.h"

namespace investtrack::server::api {
namespace {

// Nesting deeper than this is refused rather than risking the stack on hostile input.
constexpr int kMaxDepth = 32;

enum class TokenKind { kWord, kString, kLeftParen, kRightParen, kComparator, kMinus, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;        // word or unescaped string; comparator spelling
  std::size_t offset = 0;  // byte offset in the filter
};

// 1-based column in characters (not bytes), as an editor would show it.
std::size_t column_of(std::string_view text, std::size_t offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters that end a bare word. ':' is one, except inside a timestamp (see below).
bool ends_word(char c) {
  return is_space(c) || c == '(' || c == ')' || c == '"' || c == '=' || c == '!' || c == '<' ||
         c == '>' || c == ':';
}

// A bare value starting like 2023-10-24T keeps its colons: it is a timestamp, not a `:` operator.
bool starts_timestamp(std::string_view rest) {
  return rest.size() >= 11 && is_digit(rest[0]) && is_digit(rest[1]) && is_digit(rest[2]) &&
         is_digit(rest[3]) && rest[4] == '-' && is_digit(rest[5]) && is_digit(rest[6]) &&
         rest[7] == '-' && is_digit(rest[8]) && is_digit(rest[9]) &&
         (rest[10] == 'T' || rest[10] == 't');
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) break;
      tokens.push_back(next());
    }
    tokens.push_back(Token{TokenKind::kEnd, "", text_.size()});
    return tokens;
  }

 private:
  Token next() {
    const std::size_t start = pos_;
    const char c = text_[pos_];
    if (c == '(') return ++pos_, Token{TokenKind::kLeftParen, "(", start};
    if (c == ')') return ++pos_, Token{TokenKind::kRightParen, ")", start};
    if (c == '"') return quoted();
    if (c == '=' || c == ':')
      return ++pos_, Token{TokenKind::kComparator, std::string(1, c), start};
    if (c == '!' || c == '<' || c == '>') {
      const bool with_equals = pos_ + 1 < text_.size() && text_[pos_ + 1] == '=';
      if (c == '!' && !with_equals) fail(start, "'!' must be followed by '=' (the != operator)");
      pos_ += with_equals ? 2 : 1;
      return Token{TokenKind::kComparator, std::string(text_.substr(start, pos_ - start)), start};
    }
    if (c == '-' && (pos_ + 1 >= text_.size() || !is_digit(text_[pos_ + 1]))) {
      return ++pos_, Token{TokenKind::kMinus, "-", start};
    }
    const bool timestamp = starts_timestamp(text_.substr(pos_));
    while (pos_ < text_.size()) {
      const char d = text_[pos_];
      if (ends_word(d) && !(timestamp && d == ':')) break;
      ++pos_;
    }
    return Token{TokenKind::kWord, std::string(text_.substr(start, pos_ - start)), start};
  }

  Token quoted() {
    const std::size_t start = pos_++;
    std::string value;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return Token{TokenKind::kString, std::move(value), start};
      if (c == '\\') {
        if (pos_ >= text_.size()) break;
        const char escaped = text_[pos_++];
        if (escaped != '"' && escaped != '\\') {
          fail(pos_ - 2, R"(only \" and \\ are escapes inside a string)");
        }
        value.push_back(escaped);
        continue;
      }
      value.push_back(c);
    }
    fail(start, "the string starting here has no closing quote");
  }

  [[noreturn]] void fail(std::size_t offset, const std::string& problem) const {
    throw invalid_argument(
        "filter",
        "filter: " + problem + " (at column " + std::to_string(column_of(text_, offset)) + ")",
        {{"column", std::to_string(column_of(text_, offset))}});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

using store::FilterFieldSpec;
using store::FilterValueType;

const FilterFieldSpec* find_field(std::string_view name) {
  for (const FilterFieldSpec& info : store::filter_fields()) {
    if (info.name == name || (!info.alias.empty() && info.alias == name)) return &info;
  }
  return nullptr;
}

std::string known_fields() {
  std::string names;
  for (const FilterFieldSpec& info : store::filter_fields()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

std::optional<v1::ProjectStatus> status_named(const std::string& name) {
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  if (v1::ProjectStatus_Parse(name, &status) ||
      v1::ProjectStatus_Parse("PROJECT_STATUS_" + name, &status)) {
    if (status != v1::PROJECT_STATUS_UNSPECIFIED) return status;
  }
  return std::nullopt;
}

store::FilterOp op_of(const std::string& comparator) {
  if (comparator == "=") return store::FilterOp::kEq;
  if (comparator == "!=") return store::FilterOp::kNe;
  if (comparator == "<") return store::FilterOp::kLt;
  if (comparator == "<=") return store::FilterOp::kLe;
  if (comparator == ">") return store::FilterOp::kGt;
  if (comparator == ">=") return store::FilterOp::kGe;
  return store::FilterOp::kHas;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  store::FilterExpr parse() {
    store::FilterExpr expr = expression(0);
    if (peek().kind != TokenKind::kEnd) {
      fail(peek(), peek().kind == TokenKind::kRightParen ? "')' without a matching '('"
                                                         : "unexpected \"" + peek().text + "\"");
    }
    return expr;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool at_keyword(std::string_view keyword) const {
    return peek().kind == TokenKind::kWord && peek().text == keyword;
  }

  [[noreturn]] void fail(const Token& at, const std::string& problem,
                         std::map<std::string, std::string> metadata = {}) const {
    const std::string column = std::to_string(column_of(text_, at.offset));
    metadata.emplace("column", column);
    throw invalid_argument("filter", "filter: " + problem + " (at column " + column + ")",
                           std::move(metadata));
  }

  static store::FilterExpr combine(store::FilterExpr::Kind kind,
                                   std::vector<store::FilterExpr> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    return kind == store::FilterExpr::Kind::kAnd ? store::FilterExpr::all_of(std::move(parts))
                                                 : store::FilterExpr::any_of(std::move(parts));
  }

  bool starts_term() const {
    const Token& t = peek();
    if (t.kind == TokenKind::kLeftParen || t.kind == TokenKind::kMinus) return true;
    return t.kind == TokenKind::kWord && t.text != "AND" && t.text != "OR";
  }

  store::FilterExpr expression(int depth) {
    if (depth > kMaxDepth) fail(peek(), "the filter is nested too deeply");
    std::vector<store::FilterExpr> parts{sequence(depth)};
    while (at_keyword("AND")) {
      take();
      parts.push_back(sequence(depth));
    }
    return combine(store::FilterExpr::Kind::kAnd, std::move(parts));
  }

  store::FilterExpr sequence(int depth) {
    std::vector<store::FilterExpr> parts{factor(depth)};
    while (starts_term()) parts.push_back(factor(depth));
    return combine(store::FilterExpr::Kind::kAnd, std::move(parts));
  }

  store::FilterExpr factor(int depth) {
    std::vector<store::FilterExpr> parts{term(depth)};
    while (at_keyword("OR")) {
      take();
      parts.push_back(term(depth));
    }
    return combine(store::FilterExpr::Kind::kOr, std::move(parts));
  }

  store::FilterExpr term(int depth) {
    if (at_keyword("NOT") || peek().kind == TokenKind::kMinus) {
      take();
      return store::FilterExpr::negate(simple(depth));
    }
    return simple(depth);
  }

  store::FilterExpr simple(int depth) {
    const Token& t = peek();
    if (t.kind == TokenKind::kLeftParen) {
      const Token open = take();
      if (peek().kind == TokenKind::kRightParen) fail(peek(), "empty parentheses");
      store::FilterExpr inner = expression(depth + 1);
      if (peek().kind != TokenKind::kRightParen) fail(open, "'(' is never closed");
      take();
      return inner;
    }
    if (t.kind == TokenKind::kEnd) fail(t, "the filter ends where a condition was expected");
    if (t.kind != TokenKind::kWord) fail(t, "expected a field name, found \"" + t.text + "\"");
    if (t.text == "AND" || t.text == "OR" || t.text == "NOT") {
      fail(t, t.text + " needs a condition before it");
    }
    return restriction();
  }

  store::FilterExpr restriction() {
    const Token field_token = take();
    const FilterFieldSpec* field = find_field(field_token.text);
    if (peek().kind != TokenKind::kComparator) {
      if (field == nullptr) {
        fail(field_token, "\"" + field_token.text +
                              "\" is not a condition; write field operator value, e.g. "
                              "display_name:\"" +
                              field_token.text + "\"");
      }
      fail(peek(), "field " + std::string(field->name) +
                       " must be followed by an operator (= != < <= > >= :)");
    }
    if (field == nullptr) {
      fail(field_token,
           "unknown field \"" + field_token.text + "\"; known fields: " + known_fields(),
           {{"filterField", field_token.text}});
    }
    const Token comparator = take();
    const store::FilterOp op = op_of(comparator.text);
    const Token value = take();
    if (value.kind != TokenKind::kWord && value.kind != TokenKind::kString) {
      fail(value,
           "operator " + comparator.text + " on " + std::string(field->name) + " needs a value");
    }
    check_operator(*field, op, comparator);
    return store::FilterExpr::compare(field->field, op, typed_value(*field, value));
  }

  void check_operator(const FilterFieldSpec& field, store::FilterOp op, const Token& at) const {
    const bool ordering = op == store::FilterOp::kLt || op == store::FilterOp::kLe ||
                          op == store::FilterOp::kGt || op == store::FilterOp::kGe;
    bool allowed = true;
    switch (field.type) {
      case FilterValueType::kStatus:
      case FilterValueType::kBool:
        allowed = !ordering && op != store::FilterOp::kHas;
        break;
      case FilterValueType::kText:
      case FilterValueType::kDigits:
      case FilterValueType::kProjectName:
        allowed = !ordering;
        break;
      case FilterValueType::kDecimal:
      case FilterValueType::kTimestamp:
        allowed = op != store::FilterOp::kHas;
        break;
    }
    if (!allowed) {
      fail(at, "operator " + at.text + " does not apply to " + std::string(field.name),
           {{"filterField", std::string(field.name)}});
    }
  }

  store::FilterValue typed_value(const FilterFieldSpec& field, const Token& value) const {
    const std::string& text = value.text;
    const auto wrong = [&](const std::string& wanted) {
      fail(value, std::string(field.name) + " needs " + wanted + ", not \"" + text + "\"",
           {{"filterField", std::string(field.name)}});
    };
    switch (field.type) {
      case FilterValueType::kStatus: {
        const std::optional<v1::ProjectStatus> status = status_named(text);
        if (!status) wrong("a status name such as UNDER_CONSTRUCTION");
        return store::FilterValue::of_status(*status);
      }
      case FilterValueType::kBool:
        if (text != "true" && text != "false") wrong("true or false");
        return store::FilterValue::of_bool(text == "true");
      case FilterValueType::kDecimal:
        if (!store::is_decimal_literal(text)) wrong("a number (yuan)");
        return store::FilterValue::of_text(text);
      case FilterValueType::kTimestamp:
        // A day the month lacks (2023-02-30) is refused here, with the field and column.
        if (!store::rfc3339_as_utc(text))
          wrong("an RFC 3339 timestamp such as 2023-10-24T00:00:00Z");
        return store::FilterValue::of_text(text);
      case FilterValueType::kDigits:
        if (text.empty() || text.size() > 12 ||
            text.find_first_not_of("0123456789") != std::string::npos) {
          wrong("GB/T 2260 digits such as 140100");
        }
        return store::FilterValue::of_text(text);
      case FilterValueType::kText:
        if (text.empty()) wrong("a non-empty value");
        return store::FilterValue::of_text(text);
      case FilterValueType::kProjectName:
        if (!text.empty() && (!text.starts_with(app::kProjectsPrefix) ||
                              text.size() == app::kProjectsPrefix.size())) {
          wrong("a project's name such as projects/{id}, or \"\" for none");
        }
        return store::FilterValue::of_text(text);
    }
    fail(value, std::string(field.name) + " has no value type");
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<store::FilterExpr> parse_filter(std::string_view text) {
  if (text.size() > kMaxFilterBytes) {
    throw invalid_argument("filter", "filter is " + std::to_string(text.size()) +
                                         " bytes; at most " + std::to_string(kMaxFilterBytes) +
                                         " are accepted");
  }
  std::vector<Token> tokens = Tokenizer(text).run();
  if (tokens.size() == 1) return std::nullopt;
  return Parser(text, std::move(tokens)).parse();
}

store::ProjectOrder parse_order_by(std::string_view text) {
  store::ProjectOrder order;
  order.field = store::ProjectOrderField::kCreateTime;
  std::vector<std::string> words;
  std::string current;
  for (const char c : text) {
    if (is_space(c) || c == ',') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
      if (c == ',') words.emplace_back(",");
      continue;
    }
    current.push_back(c);
  }
  if (!current.empty()) words.push_back(std::move(current));
  if (words.empty()) return order;

  const std::string& field = words[0];
  if (field == "update_time") {
    order.field = store::ProjectOrderField::kUpdateTime;
  } else if (field == "create_time") {
    order.field = store::ProjectOrderField::kCreateTime;
  } else if (field == "display_name") {
    order.field = store::ProjectOrderField::kDisplayName;
  } else if (field == "total_investment") {
    order.field = store::ProjectOrderField::kTotalInvestment;
  } else {
    throw invalid_argument(
        "order_by", "order_by: cannot order by \"" + field +
                        "\"; use update_time, create_time, display_name or total_investment");
  }
  std::size_t next = 1;
  if (next < words.size() && (words[next] == "desc" || words[next] == "asc")) {
    order.descending = words[next] == "desc";
    ++next;
  }
  if (next < words.size()) {
    throw invalid_argument("order_by", words[next] == ","
                                           ? "order_by: only one field is supported"
                                           : "order_by: unexpected \"" + words[next] +
                                                 "\"; write a field and an optional desc");
  }
  return order;
}

}  // namespace investtrack::server::api
