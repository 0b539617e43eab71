#include "twin/engine/expression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace twin {
namespace {

/// Recursive descent over one expression; `pos_` is the next character to read.
class Parser {
 public:
  Parser(const std::string& text, const std::map<std::string, double>& names)
      : text_(text), names_(names) {}

  Evaluated run() {
    Evaluated out;
    out.value = sum();
    skip_space();
    if (pos_ != text_.size()) fail(fmt::format("unexpected '{}'", text_[pos_]));
    if (!std::isfinite(out.value)) fail("the result is not a finite number");
    out.names = used_;
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw ExpressionError(fmt::format("in '{}' at character {}: {}", text_, pos_ + 1, message));
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  double sum() {
    double value = product();
    for (;;) {
      if (accept('+')) value += product();
      else if (accept('-')) value -= product();
      else return value;
    }
  }
  double product() {
    double value = factor();
    for (;;) {
      if (accept('*')) {
        value *= factor();
      } else if (accept('/')) {
        const double divisor = factor();
        if (divisor == 0) fail("division by zero");
        value /= divisor;
      } else {
        return value;
      }
    }
  }
  double factor() {
    if (accept('-')) return -factor();
    if (accept('(')) {
      const double value = sum();
      if (!accept(')')) fail("missing ')'");
      return value;
    }
    skip_space();
    if (pos_ >= text_.size()) fail("a number or a name is missing");
    const char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return name();
    fail(fmt::format("unexpected '{}'", c));
  }
  double number() {
    double value = 0;
    const char* begin = text_.data() + pos_;
    auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), value);
    if (ec != std::errc() || !std::isfinite(value)) fail("not a number");
    pos_ += static_cast<std::size_t>(end - begin);
    return value;
  }
  double name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    const std::string key = text_.substr(start, pos_ - start);
    if (accept('(')) return call(key, start);
    const auto found = names_.find(key);
    if (found == names_.end()) {
      pos_ = start;
      std::string known;
      for (const auto& [k, v] : names_) known += " " + k;
      fail(fmt::format("no quantity '{}'; known:{}", key, known));
    }
    if (std::find(used_.begin(), used_.end(), key) == used_.end()) used_.push_back(key);
    return found->second;
  }

  /// min(a, b), max(a, b), ceil(a): line speeds capped by a machine limit, whole passes.
  double call(const std::string& function, std::size_t start) {
    std::vector<double> args{sum()};
    while (accept(',')) args.push_back(sum());
    if (!accept(')')) fail("missing ')'");
    const auto arity = [&](std::size_t n) {
      if (args.size() != n) {
        pos_ = start;
        fail(fmt::format("{}() takes {} argument{}", function, n, n == 1 ? "" : "s"));
      }
    };
    if (function == "min") return arity(2), std::min(args[0], args[1]);
    if (function == "max") return arity(2), std::max(args[0], args[1]);
    if (function == "ceil") return arity(1), std::ceil(args[0]);
    pos_ = start;
    fail("no function '" + function + "'; known: min(a, b), max(a, b), ceil(a)");
  }

  const std::string& text_;
  const std::map<std::string, double>& names_;
  std::size_t pos_ = 0;
  std::vector<std::string> used_;
};

}  // namespace

Evaluated evaluate(const std::string& text, const std::map<std::string, double>& names) {
  return Parser(text, names).run();
}

}  // namespace twin
