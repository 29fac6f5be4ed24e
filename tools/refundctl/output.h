// Standard output for every subcommand, checked in one place. main() installs a StdoutBuffer
// under std::cout; commands print to std::cout as usual. A write that fails (a full disk, a
// reader gone away while SIGPIPE is ignored) is remembered, everything after it is dropped and
// std::cout goes bad, so a command's loop stops at once by testing OutputOk(); main() then ends
// the run with exit 1 and one line on stderr (FinishOutput). With the default SIGPIPE a closed
// pipe ends the process at the first failed write, silently, as it does `cat`.
#pragma once

#include <streambuf>
#include <string>
#include <vector>

namespace refundctl {

// A streambuf writing to a file descriptor with write(2): buffered, large writes passed straight
// through, the first failure kept (errno) and later output dropped.
class StdoutBuffer : public std::streambuf {
 public:
  explicit StdoutBuffer(int fd = 1);
  ~StdoutBuffer() override;
  // errno of the first failed write; 0 while every write succeeded.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int sync() override;

 private:
  bool Drain();  // writes the buffered bytes; false on failure
  bool WriteAll(const char* data, size_t size);

  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

// True while every write to standard output has succeeded: loops test it to stop early.
bool OutputOk();

// Flushes standard output; when any write failed, prints one line on stderr and returns the exit
// code 1 (or `exit_code` when that is already a failure). Otherwise returns `exit_code`.
int FinishOutput(int exit_code);

// Installs the checked buffer under std::cout for as long as it lives.
class CheckedStdout {
 public:
  CheckedStdout();
  ~CheckedStdout();
  CheckedStdout(const CheckedStdout&) = delete;
  CheckedStdout& operator=(const CheckedStdout&) = delete;

 private:
  StdoutBuffer buffer_;
  std::streambuf* previous_;
};

}  // namespace refundctl
