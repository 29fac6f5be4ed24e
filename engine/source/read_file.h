// The one way the engine and refundctl read a file they were named: a policy file or include,
// versions.yaml, a test file, an `orders_file`, a generation profile (whole, size-limited), and
// the ORDERS stream. Nothing named can block the process (a FIFO), feed it forever (/dev/zero)
// or lead a policy out of its directory (a symbolic link).
//
//   source::FileRead read = source::ReadRegularFile("rules/p/tests/a.yaml", source::kMaxFileBytes);
//   if (!read.ok()) report("`rules/p/tests/a.yaml` " + read.reason);   // "is a FIFO, not a regular file"
//
// A problem is data, never an exception.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace refund::source {

inline constexpr size_t kMaxFileBytes = size_t{8} << 20;  // 8 MiB: a policy, test or profile file

enum class FileProblem {
  kNone,
  kMissing,     // nothing there (or a directory on the way is missing)
  kDirectory,   // a directory
  kNotRegular,  // a FIFO, socket or device where a file's bytes belong
  kTooLarge,    // more than the limit (found while reading, whatever the size said)
  kUnreadable,  // permission denied, an I/O error, a loop of symbolic links, ...
};

struct FileRead {
  std::string text;  // the bytes, when ok()
  FileProblem problem = FileProblem::kNone;
  // Why, worded to follow the file's name, lowercase: "not found", "is a directory", "is a FIFO,
  // not a regular file", "is larger than 8 MiB", "cannot be read: permission denied".
  std::string reason;
  // kUnreadable only: strerror of the failure, lowercase ("permission denied").
  std::string system_error;
  bool ok() const { return problem == FileProblem::kNone; }
};

// The whole text of the regular file at `path` (symbolic links followed), at most `max_bytes`.
// Opened with O_NONBLOCK so that a FIFO cannot hold up the open, then checked on the opened
// descriptor (fstat: no gap between the check and the read); the limit is enforced on the bytes
// read, not only on the size the file claims.
FileRead ReadRegularFile(const std::filesystem::path& path, size_t max_bytes);

// An open descriptor for streaming input (the ORDERS argument), or why not.
struct InputStream {
  int fd = -1;  // the caller closes it
  FileProblem problem = FileProblem::kNone;
  std::string reason;  // as FileRead::reason; "is a directory" for a directory
  bool ok() const { return problem == FileProblem::kNone; }
};

// Opens `path` for reading as a stream: a regular file, a pipe or a FIFO (a FIFO's open waits for
// its writer, as `cat` does). A directory, device, socket, a missing or unreadable path is a
// problem.
InputStream OpenInputStream(const std::string& path);
// The same check for a descriptor already open (standard input): only a directory is refused,
// since a terminal, a pipe, a file or a device are all what `-` may be.
std::optional<std::string> CheckStandardInput(int fd);

// "8 MiB", "64 KiB", "100 bytes": a limit as messages print it.
std::string FormatByteCount(size_t bytes);

// Where the file `relative` of `directory` really is, when that is inside `directory`: both are
// resolved (symbolic links followed, as far as they exist) before comparing. nullopt when
// `relative` is empty, absolute, starts with `..`, or resolves outside the directory. When
// resolving fails (a loop of links, no permission) the unresolved path is returned and reading it
// reports the problem.
std::optional<std::filesystem::path> ResolveInside(const std::filesystem::path& directory,
                                                   const std::filesystem::path& relative);

}  // namespace refund::source
