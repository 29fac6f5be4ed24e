// Tests for engine/parallel/ordered_records.h and OrderReader::Next(InputRecord&): outputs come
// back in input order whatever the number of jobs, reused records carry nothing over, and a
// consumer that says stop is not called again.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "engine/parallel/ordered_records.h"

namespace {

// `count` lines "{"n":i}", with a blank line after the seventh.
std::string Lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    text += "{\"n\":" + std::to_string(i) + "}\n";
    if (i == 7) text += "  \n";
  }
  return text;
}

// What every record becomes: its line number and text, one line each.
std::string Run(const std::string& input, int jobs) {
  std::istringstream in(input);
  refund::OrderReader reader(in);
  std::string all;
  refund::parallel::ForEachBatchInOrder<std::string>(
      reader, jobs,
      [](const refund::InputRecord& r, std::string& out) {
        out += std::to_string(r.number) + " " + r.text + (r.error ? " error" : "") + "\n";
      },
      [&](std::string& lines) {
        all += lines;
        return true;
      });
  return all;
}

TEST_CASE("ForEachBatchInOrder hands back every record's output in input order for any jobs") {
  const std::string input = Lines(1000);
  const std::string one = Run(input, 1);
  CHECK(one.substr(0, 29) == "1 {\"n\":1}\n2 {\"n\":2}\n3 {\"n\":3}");
  CHECK(one.find("9 {\"n\":8}\n") != std::string::npos);  // the blank line 8 is skipped, not renumbered
  CHECK(Run(input, 2) == one);
  CHECK(Run(input, 3) == one);
  CHECK(Run("", 2).empty());
  CHECK(Run("[{\"a\":1},{\"a\":2}]", 2) == "1 {\"a\":1}\n2 {\"a\":2}\n");
}

TEST_CASE("ForEachRecordInOrder stops when consume says so") {
  for (int jobs : {1, 2}) {
    std::istringstream in(Lines(500));
    refund::OrderReader reader(in);
    int consumed = 0;
    refund::parallel::ForEachRecordInOrder<int64_t>(
        reader, jobs, [](const refund::InputRecord& r) { return r.number; },
        [&](int64_t number) {
          ++consumed;
          CHECK(number == consumed + (consumed >= 8 ? 1 : 0));  // line 8 is blank
          return consumed < 100;
        });
    CHECK(consumed == 100);
  }
}

TEST_CASE("OrderReader::Next into a reused record carries nothing over from the last one") {
  std::string input = "{\"a\":1}\n" + std::string(refund::OrderReader::kMaxLineBytes + 2, 'x') + "\n{\"b\":2}\n";
  std::istringstream in(input);
  refund::OrderReader reader(in);
  refund::InputRecord record;
  REQUIRE(reader.Next(record));
  CHECK(record.number == 1);
  CHECK(record.text == "{\"a\":1}");
  CHECK(!record.error);
  REQUIRE(reader.Next(record));
  CHECK(record.number == 2);
  CHECK(record.text.empty());
  CHECK(record.error);
  REQUIRE(reader.Next(record));
  CHECK(record.number == 3);
  CHECK(record.text == "{\"b\":2}");
  CHECK(!record.error);
  CHECK(!reader.Next(record));
}

}  // namespace
