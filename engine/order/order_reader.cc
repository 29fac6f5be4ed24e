// OrderReader: frames an input stream into order records as orders.md says. JSON Lines is read
// through a fixed buffer, so memory stays at one line (at most kMaxLineBytes) plus the buffer;
// a longer line is skipped to its newline without being held. Array input (first non-white
// character `[`) is read whole, at most kMaxArrayBytes, and cut into its elements. An input
// whose first line opens an object it does not close is read whole (at most kMaxArrayBytes)
// and, when it is one JSON value, is one record (a pretty-printed order); otherwise it is JSON
// Lines after all. Lines are bytes of known length: a NUL byte is a byte like any other.
// Records are filled in place, so a caller that reuses them copies each line once and
// allocates nothing.
#include <algorithm>
#include <cstring>
#include <istream>

#include <fmt/format.h>

#include "engine/order/json_parser.h"
#include "engine/order/json_tree.h"
#include "refund/order.h"

namespace refund {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;
// A reused record keeps a text buffer up to this size; a larger one (a long line) is freed.
constexpr size_t kKeptTextBytes = 16 * 1024;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

struct OrderReader::State {
  enum class Mode { kStart, kLines, kArray, kWhole };

  explicit State(std::istream& input) : in(input), buffer(kChunkBytes) {}

  bool Fill();
  size_t ReadInto(char* data, size_t size);
  bool ReadMore(size_t limit);
  std::optional<char> PeekFirstNonSpace();
  bool FirstLineIsIncomplete();
  bool LoadWhole();
  bool NextWhole(InputRecord& record);
  bool NextLine(InputRecord& record);
  bool NextElement(InputRecord& record);
  void LoadArray();

  std::istream& in;
  std::function<void()> wait_hook;
  Mode mode = Mode::kStart;
  std::vector<char> buffer;
  size_t pos = 0, end = 0;
  int64_t line = 0;  // physical lines consumed so far
  // Array input.
  std::string array_text;
  order::JsonArraySpans array;
  size_t next_element = 0;
  bool array_error_given = false;
  bool whole_given = false;
};

bool OrderReader::State::Fill() {
  if (pos < end) return true;
  pos = end = 0;
  if (buffer.size() > kChunkBytes) std::vector<char>(kChunkBytes).swap(buffer);  // after LoadWhole
  end = ReadInto(buffer.data(), buffer.size());
  return end > 0;
}

// Reads what the stream has, up to `size` bytes: a pipe gives what has come rather than waiting
// for `size` bytes (so one order line can be answered before the next is written). 0 at the end.
// Before a read that may wait, the wait hook runs.
size_t OrderReader::State::ReadInto(char* data, size_t size) {
  if (!in.good()) return 0;
  std::streambuf* source = in.rdbuf();
  if (wait_hook && source->in_avail() <= 0) wait_hook();
  const std::streamsize got = source->sgetn(data, static_cast<std::streamsize>(size));
  if (got <= 0) {
    in.setstate(std::ios::eofbit);
    return 0;
  }
  return static_cast<size_t>(got);
}

// Skips a leading BOM and white space (counting the newlines as blank lines) and peeks at the
// first character that decides the framing.
std::optional<char> OrderReader::State::PeekFirstNonSpace() {
  if (Fill() && end - pos >= 3 && std::memcmp(&buffer[pos], "\xEF\xBB\xBF", 3) == 0) pos += 3;
  while (Fill()) {
    char c = buffer[pos];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
    if (c == '\n') ++line;
    ++pos;
  }
  return std::nullopt;
}

// Reads more input behind the unread bytes [pos, end), moved to the front, growing the buffer
// up to `limit` unread bytes (and one chunk more). False when nothing more came.
bool OrderReader::State::ReadMore(size_t limit) {
  if (pos > 0) {
    std::memmove(buffer.data(), buffer.data() + pos, end - pos);
    end -= pos;
    pos = 0;
  }
  if (end == buffer.size()) {
    if (end > limit) return false;
    buffer.resize(std::min(buffer.size() * 2, limit + kChunkBytes));
  }
  const size_t read = ReadInto(buffer.data() + end, buffer.size() - end);
  end += read;
  return read > 0;
}

// With the input at its first `{`: whether the first line stops inside the JSON value it
// starts (a pretty-printed object), rather than holding a whole value or not JSON at all.
// Reads that line into the buffer, consuming nothing.
bool OrderReader::State::FirstLineIsIncomplete() {
  size_t scanned = 0;  // bytes after pos known to hold no newline
  const void* newline = nullptr;
  while ((newline = std::memchr(buffer.data() + pos + scanned, '\n', end - pos - scanned)) == nullptr) {
    scanned = end - pos;
    if (scanned > kMaxLineBytes + 1) return false;  // a line over the limit: JSON Lines
    if (!ReadMore(kMaxLineBytes + 1)) break;
  }
  if (newline == nullptr) return false;  // the whole input is one line
  std::string_view line(buffer.data() + pos, static_cast<const char*>(newline) - (buffer.data() + pos));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::optional<order::JsonSyntaxError> error = order::CheckJsonSyntax(line);
  return error && error->at_end;
}

// Reads the rest of the input into the buffer, at most kMaxArrayBytes: true when that is all
// of it and it is one JSON value.
bool OrderReader::State::LoadWhole() {
  while (ReadMore(kMaxArrayBytes)) {
  }
  if (end - pos > kMaxArrayBytes) return false;  // too long for one order: JSON Lines
  return !order::CheckJsonSyntax(std::string_view(buffer.data() + pos, end - pos));
}

bool OrderReader::State::NextWhole(InputRecord& record) {
  record.error.reset();
  if (whole_given) return false;
  whole_given = true;
  record.number = 1;
  record.text.assign(buffer.data() + pos, end - pos);
  pos = end;
  return true;
}

bool OrderReader::State::NextLine(InputRecord& record) {
  record.error.reset();
  if (record.text.capacity() > kKeptTextBytes) std::string().swap(record.text);
  while (Fill()) {
    record.number = ++line;
    record.text.clear();
    bool too_long = false, ended = false;
    while (!ended && Fill()) {
      const char* from = &buffer[pos];
      const void* newline = std::memchr(from, '\n', end - pos);
      size_t length = newline ? static_cast<const char*>(newline) - from : end - pos;
      ended = newline != nullptr;
      // One byte of slack for the CR of a CRLF line, which is not part of the limit.
      if (!too_long && record.text.size() + length > kMaxLineBytes + 1) {
        too_long = true;
        std::string().swap(record.text);
      }
      if (!too_long) record.text.append(from, length);
      pos += length + (ended ? 1 : 0);
    }
    if (!too_long && !record.text.empty() && record.text.back() == '\r') record.text.pop_back();
    if (too_long || record.text.size() > kMaxLineBytes) {
      record.text.clear();
      record.error = OrderError{"", fmt::format("line longer than {} bytes", kMaxLineBytes)};
      return true;
    }
    if (!IsBlank(record.text)) return true;
  }
  return false;
}

void OrderReader::State::LoadArray() {
  bool too_big = false;
  while (Fill()) {
    if (array_text.size() + (end - pos) > kMaxArrayBytes) {
      too_big = true;
      break;
    }
    array_text.append(&buffer[pos], end - pos);
    pos = end;
  }
  if (too_big) {
    std::string().swap(array_text);
    array.error = fmt::format("array input longer than {} bytes", kMaxArrayBytes);
    return;
  }
  array = order::SplitJsonArray(array_text);
}

bool OrderReader::State::NextElement(InputRecord& record) {
  record.error.reset();
  if (array.error) {
    if (array_error_given) return false;
    array_error_given = true;
    record.number = 1;
    record.text.clear();
    record.error = OrderError{"", *array.error};
    return true;
  }
  if (next_element >= array.spans.size()) return false;
  auto [begin, stop] = array.spans[next_element];
  ++next_element;
  record.number = static_cast<int64_t>(next_element);
  record.text.assign(array_text, begin, stop - begin);
  return true;
}

OrderReader::OrderReader(std::istream& in) : state_(std::make_unique<State>(in)) {}
OrderReader::~OrderReader() = default;

void OrderReader::SetWaitHook(std::function<void()> hook) { state_->wait_hook = std::move(hook); }

std::optional<InputRecord> OrderReader::Next() {
  InputRecord record;
  if (!Next(record)) return std::nullopt;
  return record;
}

bool OrderReader::Next(InputRecord& record) {
  State& s = *state_;
  if (s.mode == State::Mode::kStart) {
    std::optional<char> first = s.PeekFirstNonSpace();
    s.mode = first == '[' ? State::Mode::kArray : State::Mode::kLines;
    if (s.mode == State::Mode::kArray) s.LoadArray();
    if (first == '{' && s.FirstLineIsIncomplete() && s.LoadWhole()) s.mode = State::Mode::kWhole;
  }
  switch (s.mode) {
    case State::Mode::kArray: return s.NextElement(record);
    case State::Mode::kWhole: return s.NextWhole(record);
    default: return s.NextLine(record);
  }
}

}  // namespace refund
