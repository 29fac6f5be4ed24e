// Tests for engine/source: lines and columns, UTF-8, edit distance, the policy digest, and the
// guarded file reader and atomic rewrite.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/source/did_you_mean.h"
#include "engine/source/same_text.h"
#include "engine/source/digest.h"
#include "engine/source/read_file.h"
#include "engine/source/source_file.h"
#include "engine/source/utf8.h"
#include "engine/source/write_file.h"

namespace refund::source {
namespace {

std::string Show(Location at) { return std::to_string(at.line) + ":" + std::to_string(at.column); }

TEST_CASE("a source file splits lines on newlines and drops carriage returns") {
  SourceFile file("p.yaml", "a: 1\r\nb: 2\n\nlast");
  CHECK(file.LineCount() == 4);
  CHECK(file.LineText(1) == "a: 1");
  CHECK(file.LineText(2) == "b: 2");
  CHECK(file.LineText(3) == "");
  CHECK(file.LineText(4) == "last");
  CHECK(file.LineText(0) == "");
  CHECK(file.LineText(5) == "");
  CHECK(file.LineStart(2) == 6);
  CHECK(file.LineStart(9) == file.text().size());
}

TEST_CASE("a byte order mark is not part of the first line") {
  SourceFile file("p.yaml", "\xEF\xBB\xBFkey: v\n");
  CHECK(file.LineText(1) == "key: v");
  CHECK(Show(file.LocationOf(3)) == "1:1");
  CHECK(Show(file.LocationOf(8)) == "1:6");
  CHECK(Show(file.LocationOf(1)) == "1:1");
}

TEST_CASE("locations count characters, not bytes") {
  // Line 2 holds an accented letter (2 bytes) and two CJK characters (3 bytes each).
  SourceFile file("p.yaml", "ab\n\xc3\xa9x \xe9\x80\x80\xe6\xac\xbe y\nlast\n");
  struct Row { size_t offset; const char* expected; };
  const Row rows[] = {
      {0, "1:1"}, {1, "1:2"}, {2, "1:3"},   // the newline ends line 1
      {3, "2:1"}, {5, "2:2"}, {6, "2:3"}, {7, "2:4"}, {10, "2:5"}, {13, "2:6"}, {14, "2:7"},
      {16, "3:1"}, {20, "3:5"}, {21, "4:1"}, {999, "4:1"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.offset);
    CHECK(Show(file.LocationOf(row.offset)) == row.expected);
  }
}

TEST_CASE("a diagnostic made at a location captures its source line") {
  SourceFile file("rules/x/policy.yaml", "a: 1\nb: oops\n");
  Diagnostic d = ErrorAt(file, {2, 4}, 4, "P104", "bad `oops`");
  CHECK(d.file == "rules/x/policy.yaml");
  CHECK(d.source_line == "b: oops");
  CHECK(d.length == 4);
  CHECK(d.severity == Severity::kError);
  CHECK(WarningAt(file, {1, 1}, 0, "W1", "w").length == 1);
  CHECK(WarningAt(file, {1, 1}, 0, "W1", "w").severity == Severity::kWarning);
}

TEST_CASE("utf-8 validation finds the first malformed byte") {
  struct Row { const char* name; std::string text; std::optional<size_t> bad; };
  const Row rows[] = {
      {"ascii", "plain text", std::nullopt},
      {"two, three and four byte characters", "\xc3\xa9\xe9\x80\x80\xf0\x9f\x98\x80", std::nullopt},
      {"a lone continuation byte", "ab\x80", 2},
      {"an overlong slash", "a\xc0\xaf", 1},
      {"an overlong three-byte form", "\xe0\x80\xaf", 0},
      {"a utf-16 surrogate", "x\xed\xa0\x80", 1},
      {"past U+10FFFF", "\xf4\x90\x80\x80", 0},
      {"a truncated sequence at the end", "ok\xe9\x80", 2},
      {"a lead byte followed by ascii", "\xc3(", 0},
      {"a latin-1 byte", "caf\xe9!", 3},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CHECK(FindInvalidUtf8(row.text) == row.bad);
  }
  CHECK(CountChars("\xc3\xa9\xff" "a") == 3);
}

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps") {
  struct Row { const char* a; const char* b; int distance; };
  const Row rows[] = {
      {"", "", 0},           {"abc", "abc", 0},          {"", "abc", 3},
      {"abc", "", 3},        {"kitten", "sitting", 3},   {"ca", "ac", 1},
      {"paid_at", "payed_at", 2}, {"payment_tpye", "payment_type", 1},
      {"ca", "abc", 3},  // optimal string alignment, not unrestricted Damerau-Levenshtein
      {"\xe9\x80\x80\xe6\xac\xbe", "\xe9\x80\x80", 1},  // characters, not bytes
  };
  for (const Row& row : rows) {
    CAPTURE(row.a);
    CAPTURE(row.b);
    CHECK(EditDistance(row.a, row.b) == row.distance);
    CHECK(EditDistance(row.b, row.a) == row.distance);
  }
}

TEST_CASE("did you mean suggests the closest candidate within a third of the word") {
  const std::vector<std::string> fields = {"order.paid_at", "order.status", "request.at",
                                           "order.created_at"};
  struct Row { const char* word; std::vector<std::string> candidates; std::optional<std::string> expected; };
  const Row rows[] = {
      {"order.payed_at", fields, "order.paid_at"},
      {"order.stauts", fields, "order.status"},
      {"requets.at", fields, "request.at"},
      {"order.total", fields, std::nullopt},
      {"order.paid_at", fields, std::nullopt},  // the word itself is not a suggestion
      {"ab", {"ax", "ay"}, "ax"},              // short words allow one edit; ties go first
      {"ab", {"xy"}, std::nullopt},
      {"abcdef", {"abcxyz", "abcdxy"}, "abcdxy"},  // 2 edits allowed for 6 characters
      {"x", {}, std::nullopt},
  };
  for (const Row& row : rows) {
    CAPTURE(row.word);
    CHECK(DidYouMean(row.word, row.candidates) == row.expected);
  }
}

TEST_CASE("the policy digest hashes the canonical form of the files in path order") {
  // Expected values: printf 'a.yaml\0005\000x: 1\n' | sha256sum, and so on.
  const std::string one = "7df1d03b99cdaf1e56cfea69886344ba48e21435e0cb06af6cb7edc3a6aaa73b";
  const std::string two = "47be7160a7329b08a644d6785bfcdbebdc1f568ae3978daefc95ae353d9a9f2c";
  const std::string none = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  CHECK(PolicyDigest({{"a.yaml", "x: 1\n"}}) == "sha256:" + one);
  CHECK(PolicyDigest({{"a.yaml", "x: 1\n"}, {"b/c.yaml", ""}}) == "sha256:" + two);
  CHECK(PolicyDigest({{"b/c.yaml", ""}, {"a.yaml", "x: 1\n"}}) == "sha256:" + two);
  CHECK(PolicyDigest({}) == "sha256:" + none);
}

TEST_CASE("the policy digest tells apart moving bytes between path and content") {
  CHECK(PolicyDigest({{"a", "bc"}}) != PolicyDigest({{"ab", "c"}}));
  CHECK(PolicyDigest({{"a", "x"}, {"b", ""}}) != PolicyDigest({{"a", ""}, {"b", "x"}}));
}


TEST_CASE("SameText on every length and every differing byte") {
  using refund::SameText;
  for (size_t n = 0; n <= 40; ++n) {
    std::string a(n, 'x'), b(n, 'x');
    for (size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + i % 26);
    CHECK(SameText(a, b));
    CHECK_FALSE(SameText(a, b + "y"));
    for (size_t i = 0; i < n; ++i) {
      CAPTURE(n);
      CAPTURE(i);
      std::string c = b;
      c[i] = '#';
      CHECK_FALSE(SameText(a, c));
    }
  }
}

// ---- read_file.h, write_file.h: the guarded reader and the atomic rewrite ----------------------

// A fresh directory for one test, removed afterwards.
class Scratch {
 public:
  Scratch() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("refund-source-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_CASE("only a regular file within the limit is read; anything else says why at once") {
  Scratch dir;
  dir.Write("ok.yaml", "a: 1\n");
  dir.Write("limit.yaml", std::string(64, 'x'));
  dir.Write("over.yaml", std::string(65, 'x'));
  REQUIRE(::mkfifo((dir / "fifo.yaml").c_str(), 0600) == 0);
  std::filesystem::create_symlink("/dev/zero", dir / "zero.yaml");
  std::filesystem::create_directory(dir / "dir.yaml");
  std::filesystem::create_symlink(dir / "loop.yaml", dir / "loop.yaml");
  struct Row { std::string name; FileProblem problem; std::string reason; };
  const Row rows[] = {
      {"ok.yaml", FileProblem::kNone, ""},
      {"limit.yaml", FileProblem::kNone, ""},
      {"over.yaml", FileProblem::kTooLarge, "is larger than 64 bytes"},
      {"fifo.yaml", FileProblem::kNotRegular, "is a FIFO, not a regular file"},  // no writer: would block a plain open
      {"zero.yaml", FileProblem::kNotRegular, "is a character device, not a regular file"},
      {"dir.yaml", FileProblem::kDirectory, "is a directory"},
      {"missing.yaml", FileProblem::kMissing, "not found"},
      {"ok.yaml/below", FileProblem::kMissing, "not found"},
      {"loop.yaml", FileProblem::kUnreadable, "cannot be read: too many levels of symbolic links"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const FileRead read = ReadRegularFile(dir / row.name, 64);
    CHECK(read.problem == row.problem);
    CHECK(read.reason == row.reason);
    if (read.ok()) CHECK(read.text == Slurp(dir / row.name));
  }
}

TEST_CASE("the size limit holds on the bytes read, whatever size the file claims") {
  // /proc files claim size 0 and hold more.
  const FileRead status = ReadRegularFile("/proc/self/status", 16);
  CHECK(status.problem == FileProblem::kTooLarge);
  CHECK(ReadRegularFile("/proc/self/status", kMaxFileBytes).ok());
}

TEST_CASE("a stream input is a regular file, a pipe or a FIFO; nothing else") {
  Scratch dir;
  dir.Write("orders.jsonl", "{}\n");
  REQUIRE(::mkfifo((dir / "orders.fifo").c_str(), 0600) == 0);
  // A writer already there, so that opening the FIFO does not wait.
  const int writer = ::open((dir / "orders.fifo").c_str(), O_RDWR | O_NONBLOCK);
  REQUIRE(writer >= 0);
  struct Row { std::string path; FileProblem problem; std::string reason; };
  const Row rows[] = {
      {(dir / "orders.jsonl").string(), FileProblem::kNone, ""},
      {(dir / "orders.fifo").string(), FileProblem::kNone, ""},
      {dir.path().string(), FileProblem::kDirectory, "is a directory"},
      {"/dev/zero", FileProblem::kNotRegular, "is a character device, not a regular file, pipe or FIFO"},
      {(dir / "missing").string(), FileProblem::kMissing, "not found"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.path);
    const InputStream stream = OpenInputStream(row.path);
    CHECK(stream.problem == row.problem);
    CHECK(stream.reason == row.reason);
    CHECK((stream.fd >= 0) == stream.ok());
    if (stream.fd >= 0) ::close(stream.fd);
  }
  ::close(writer);
  const int directory = ::open(dir.path().c_str(), O_RDONLY);
  CHECK(CheckStandardInput(directory) == std::optional<std::string>("is a directory"));
  ::close(directory);
  const int file = ::open((dir / "orders.jsonl").c_str(), O_RDONLY);
  CHECK(CheckStandardInput(file) == std::nullopt);
  ::close(file);
}

TEST_CASE("a path is inside a directory only where its links really lead") {
  Scratch dir, outside;
  std::filesystem::create_directories(dir / "tests");
  dir.Write("tests/orders.jsonl", "");
  outside.Write("secret.jsonl", "");
  std::filesystem::create_symlink(outside / "secret.jsonl", dir / "tests/out.jsonl");
  std::filesystem::create_symlink(dir / "tests/orders.jsonl", dir / "tests/in.jsonl");
  std::filesystem::create_symlink(outside.path(), dir / "away");
  const auto real = [&](const std::string& relative) { return std::filesystem::canonical(dir.path()) / relative; };
  struct Row { std::string relative; std::optional<std::filesystem::path> inside; };
  const Row rows[] = {
      {"tests/orders.jsonl", real("tests/orders.jsonl")},
      {"tests/../tests/orders.jsonl", real("tests/orders.jsonl")},
      {"tests/in.jsonl", real("tests/orders.jsonl")},
      {"tests/new.jsonl", real("tests/new.jsonl")},  // not there yet: reading it says so
      {"tests/out.jsonl", std::nullopt},
      {"away/secret.jsonl", std::nullopt},
      {"../secret.jsonl", std::nullopt},
      {"tests/../../secret.jsonl", std::nullopt},
      {"/etc/passwd", std::nullopt},
      {"", std::nullopt},
  };
  for (const Row& row : rows) {
    CAPTURE(row.relative);
    CHECK(ResolveInside(dir.path(), row.relative) == row.inside);
  }
}

TEST_CASE("byte counts print in the largest whole unit") {
  CHECK(FormatByteCount(8 << 20) == "8 MiB");
  CHECK(FormatByteCount(64 << 10) == "64 KiB");
  CHECK(FormatByteCount(1000) == "1000 bytes");
  CHECK(FormatByteCount(1) == "1 byte");
}

TEST_CASE("a file is replaced whole, keeping its permissions") {
  Scratch dir;
  const std::filesystem::path file = dir.Write("cases.yaml", "old\n");
  std::filesystem::permissions(file, std::filesystem::perms(0640));
  CHECK(ReplaceFile(file, "new text\n") == std::nullopt);
  CHECK(Slurp(file) == "new text\n");
  CHECK(std::filesystem::status(file).permissions() == std::filesystem::perms(0640));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);  // no temporary left
  CHECK(ReplaceFile(dir / "no-such-dir/cases.yaml", "x") == std::optional<std::string>("no such file or directory"));
}

TEST_CASE("a rewrite that cannot be written keeps the old file and leaves nothing behind") {
  Scratch dir;
  const std::filesystem::path file = dir.Write("cases.yaml", "old\n");
  // A file size limit of 16 bytes makes the write fail (EFBIG, SIGXFSZ ignored), as a full disk would.
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 16;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  const std::optional<std::string> why = ReplaceFile(file, std::string(100, 'x'));
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  CHECK(why == std::optional<std::string>("file too large"));
  CHECK(Slurp(file) == "old\n");
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

}  // namespace
}  // namespace refund::source

namespace refund::source {
namespace {

TEST_CASE("columns in a line of 100,000 characters are counted from checkpoints, the same as from the line's start") {
  // A one-line policy: each column counted from the line's start made locating its nodes
  // quadratic (9,000 rules on one line: 35 s of check). Mixed one- to four-byte characters,
  // a second long line, and offsets inside characters.
  std::string line;
  const char* const pieces[] = {"a", "é", "中", "😀", " ", "{id: r1, when: x}", "退款"};
  for (int i = 0; line.size() < 300000; ++i) line += pieces[i * 7 % 11 % 7];
  const std::string text = "policy: x\n" + line + "\n" + line + "\nend\n";
  const SourceFile file("p.yaml", text);
  for (size_t offset = 0; offset < text.size(); offset += 997) {
    CAPTURE(offset);
    const Location at = file.LocationOf(offset);
    const size_t begin = file.LineStart(at.line);
    CHECK(at.column == CountChars(std::string_view(text).substr(begin, offset - begin)) + 1);
  }
}

}  // namespace
}  // namespace refund::source
