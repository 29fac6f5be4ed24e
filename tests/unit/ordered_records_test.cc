// Tests for engine/parallel/ordered_records.h and OrderReader::Next(InputRecord&): outputs come
// back in input order whatever the number of jobs, reused records carry nothing over, and a
// consumer that says stop is not called again.
#include <doctest/doctest.h>

#include <algorithm>
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

// Input as a pipe gives it to a co-process's reader: one line per read, and never "ready" (a read
// might wait), so the reader's wait hook runs before every read.
class LineAtATime : public std::streambuf {
 public:
  explicit LineAtATime(std::string text) : text_(std::move(text)) {}
  int lines_given = 0;

 protected:
  std::streamsize xsgetn(char* data, std::streamsize size) override {
    size_t n = 0;
    while (at_ < text_.size() && n < static_cast<size_t>(size)) {
      const char c = data[n++] = text_[at_++];
      if (c == '\n') {
        ++lines_given;
        break;
      }
    }
    return static_cast<std::streamsize>(n);
  }
  std::streamsize showmanyc() override { return 0; }

 private:
  std::string text_;
  size_t at_ = 0;
};

TEST_CASE("ForEachBatchInOrder with flush hands over every line read before the reader waits, in order") {
  const std::string input = Lines(300);
  const std::string expected = Run(input, 1);
  for (int jobs : {1, 2, 3}) {
    CAPTURE(jobs);
    LineAtATime source(input);
    std::istream in(&source);
    refund::OrderReader reader(in);
    std::string all;
    int flushes = 0, late = 0;
    refund::parallel::ForEachBatchInOrder<std::string>(
        reader, jobs,
        [](const refund::InputRecord& r, std::string& out) {
          out += std::to_string(r.number) + " " + r.text + (r.error ? " error" : "") + "\n";
        },
        [&](std::string& lines) {
          all += lines;
          return true;
        },
        [&] {
          ++flushes;
          const int decided = static_cast<int>(std::count(all.begin(), all.end(), '\n'));
          const int given = source.lines_given - (source.lines_given >= 8 ? 1 : 0);  // line 8 is blank
          if (decided != given) ++late;
        });
    CHECK(all == expected);
    CHECK(flushes >= 300);
    CHECK(late == 0);
  }
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
