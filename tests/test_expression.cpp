// {cell: "EXPR"}: the arithmetic a number is made of, over the cell design's quantities.
#include <gtest/gtest.h>

#include "twin/engine/expression.hpp"

namespace {
const std::map<std::string, double> kCell = {
    {"cathode_sheets", 25}, {"anode_sheets", 26}, {"cathode_loading_mg_cm2", 48.34}, {"zero", 0}};

double eval(const std::string& text) { return twin::evaluate(text, kCell).value; }

std::string error_of(const std::string& text) {
  try {
    eval(text);
  } catch (const twin::ExpressionError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Expression, ArithmeticFollowsPrecedenceAndParentheses) {
  EXPECT_DOUBLE_EQ(eval("(cathode_sheets + anode_sheets) * 0.65"), 51 * 0.65);
  EXPECT_DOUBLE_EQ(eval("cathode_sheets + anode_sheets * 2"), 25 + 52);
  EXPECT_DOUBLE_EQ(eval("-cathode_sheets + 1"), -24);
  EXPECT_DOUBLE_EQ(eval("6 + 6 * 0.0446 / 0.0557"), 6 + 6 * 0.0446 / 0.0557);
  EXPECT_DOUBLE_EQ(eval("1e3 / 300"), 1000.0 / 300);
}

TEST(Expression, FunctionsForCapsAndWholePasses) {
  // The dryer-limited coater of the reference lines: a loading twice the design halves it.
  EXPECT_DOUBLE_EQ(eval("min(80, 10 * 24.17 / cathode_loading_mg_cm2)"), 10 * 24.17 / 48.34);
  EXPECT_DOUBLE_EQ(eval("100 / ceil(cathode_loading_mg_cm2 / 30)"), 50);
  EXPECT_DOUBLE_EQ(eval("max(cathode_sheets, anode_sheets)"), 26);
}

TEST(Expression, ReportsTheNamesItUsed) {
  const auto r = twin::evaluate("anode_sheets * cathode_sheets + anode_sheets", kCell);
  ASSERT_EQ(r.names.size(), 2u);
  EXPECT_EQ(r.names[0], "anode_sheets");
  EXPECT_EQ(r.names[1], "cathode_sheets");
}

TEST(Expression, ErrorsSayWhereAndWhy) {
  EXPECT_NE(error_of("cathode_sheet + 1").find("at character 1: no quantity 'cathode_sheet'"),
            std::string::npos);
  EXPECT_NE(error_of("anode_sheets / zero").find("at character 20: division by zero"),
            std::string::npos);
  EXPECT_NE(error_of("2 *").find("a number or a name is missing"), std::string::npos);
  EXPECT_NE(error_of("(2 + 3").find("missing ')'"), std::string::npos);
  EXPECT_NE(error_of("2 3").find("unexpected '3'"), std::string::npos);
  EXPECT_NE(error_of("sqrt(4)").find("no function 'sqrt'"), std::string::npos);
  EXPECT_NE(error_of("ceil(1, 2)").find("ceil() takes 1 argument"), std::string::npos);
  EXPECT_NE(error_of("2 $ 3").find("unexpected '$'"), std::string::npos);
}
