// OrderReader: frames an input stream into order records as orders.md says. JSON Lines is read
// through a fixed buffer, so memory stays at one line (at most kMaxLineBytes) plus the buffer;
// a longer line is skipped to its newline without being held. Array input (first non-white
// character `[`) is read whole, at most kMaxArrayBytes, and cut into its elements. Records are
// filled in place, so a caller that reuses them copies each line once and allocates nothing.
#include <cstring>
#include <istream>

#include <fmt/format.h>

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
  enum class Mode { kStart, kLines, kArray };

  explicit State(std::istream& input) : in(input), buffer(kChunkBytes) {}

  bool Fill();
  std::optional<char> PeekFirstNonSpace();
  bool NextLine(InputRecord& record);
  bool NextElement(InputRecord& record);
  void LoadArray();

  std::istream& in;
  Mode mode = Mode::kStart;
  std::vector<char> buffer;
  size_t pos = 0, end = 0;
  int64_t line = 0;  // physical lines consumed so far
  // Array input.
  std::string array_text;
  order::JsonArraySpans array;
  size_t next_element = 0;
  bool array_error_given = false;
};

bool OrderReader::State::Fill() {
  if (pos < end) return true;
  pos = end = 0;
  if (!in.good()) return false;
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  end = static_cast<size_t>(in.gcount());
  return end > 0;
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
  }
  return s.mode == State::Mode::kArray ? s.NextElement(record) : s.NextLine(record);
}

}  // namespace refund
