// The checked standard output (see output.h).
#include "tools/refundctl/output.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>

namespace refundctl {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;  // writes at least this large skip the buffer

StdoutBuffer* installed = nullptr;

}  // namespace

StdoutBuffer::StdoutBuffer(int fd) : fd_(fd), buffer_(kBufferBytes) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

StdoutBuffer::~StdoutBuffer() { Drain(); }

bool StdoutBuffer::WriteAll(const char* data, size_t size) {
  while (size > 0 && error_ == 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      break;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return error_ == 0;
}

bool StdoutBuffer::Drain() {
  const size_t size = static_cast<size_t>(pptr() - pbase());
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return error_ == 0 && WriteAll(buffer_.data(), size);
}

StdoutBuffer::int_type StdoutBuffer::overflow(int_type c) {
  if (!Drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize StdoutBuffer::xsputn(const char* data, std::streamsize size) {
  if (error_ != 0) return 0;  // the stream goes bad: the caller's loop sees OutputOk() false
  const size_t n = static_cast<size_t>(size);
  if (n <= static_cast<size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), data, n);
    pbump(static_cast<int>(n));
    return size;
  }
  if (!Drain()) return 0;
  if (n >= kBufferBytes) return WriteAll(data, n) ? size : 0;
  std::memcpy(pptr(), data, n);
  pbump(static_cast<int>(n));
  return size;
}

int StdoutBuffer::sync() { return Drain() ? 0 : -1; }

bool OutputOk() { return static_cast<bool>(std::cout) && (installed == nullptr || installed->error() == 0); }

int FinishOutput(int exit_code) {
  std::cout.flush();
  const int error = installed ? installed->error() : (std::cout ? 0 : EIO);
  if (error == 0 && std::cout) return exit_code;
  std::string why = std::strerror(error != 0 ? error : EIO);
  why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  std::cerr << "refundctl: cannot write to standard output: " << why << "\n";
  return exit_code != 0 ? exit_code : 1;
}

CheckedStdout::CheckedStdout() : previous_(std::cout.rdbuf(&buffer_)) { installed = &buffer_; }

CheckedStdout::~CheckedStdout() {
  std::cout.flush();
  std::cout.rdbuf(previous_);
  installed = nullptr;
}

}  // namespace refundctl
