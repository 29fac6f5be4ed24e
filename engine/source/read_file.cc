// Guarded reading of named files (see read_file.h): stat, open without blocking, fstat the
// descriptor, read within a limit.
#include "engine/source/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace refund::source {
namespace {

namespace fs = std::filesystem;

std::string Lowercase(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// "a FIFO", "a character device", ...: what sits where a file's bytes belong.
std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "a special file";
}

template <class Result>
Result Problem(FileProblem problem, std::string reason, std::string system_error = "") {
  Result result;
  result.problem = problem;
  result.reason = std::move(reason);
  if constexpr (requires { result.system_error; }) result.system_error = std::move(system_error);
  return result;
}

// A failed stat/open as a problem; `error` is the errno it set.
template <class Result>
Result FromErrno(int error) {
  if (error == ENOENT || error == ENOTDIR) return Problem<Result>(FileProblem::kMissing, "not found");
  if (error == ENXIO) return Problem<Result>(FileProblem::kNotRegular, "is a socket, not a regular file");
  const std::string why = Lowercase(std::strerror(error));
  return Problem<Result>(FileProblem::kUnreadable, "cannot be read: " + why, why);
}

// The kind check shared by the path and the opened descriptor: nullopt when `mode` is fine.
template <class Result>
std::optional<Result> RefuseKind(mode_t mode, bool streams_allowed) {
  if (S_ISREG(mode) || (streams_allowed && S_ISFIFO(mode))) return std::nullopt;
  if (S_ISDIR(mode)) return Problem<Result>(FileProblem::kDirectory, "is a directory");
  const char* wanted = streams_allowed ? "a regular file, pipe or FIFO" : "a regular file";
  return Problem<Result>(FileProblem::kNotRegular, "is " + KindOf(mode) + ", not " + wanted);
}

FileRead TooLarge(size_t max_bytes) {
  return Problem<FileRead>(FileProblem::kTooLarge, "is larger than " + FormatByteCount(max_bytes));
}

// Reads `fd` to its end, failing once more than `max_bytes` arrive.
FileRead ReadAll(int fd, size_t expected, size_t max_bytes) {
  FileRead read;
  read.text.resize(std::min(expected, max_bytes) + 1);  // +1: room to notice one byte too many
  size_t used = 0;
  for (;;) {
    if (used == read.text.size()) {
      if (used > max_bytes) return TooLarge(max_bytes);
      read.text.resize(std::min(std::max<size_t>(used * 2, 1 << 14), max_bytes + 1));
    }
    const ssize_t n = ::read(fd, read.text.data() + used, read.text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FromErrno<FileRead>(errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (used > max_bytes) return TooLarge(max_bytes);
  read.text.resize(used);
  return read;
}

}  // namespace

FileRead ReadRegularFile(const fs::path& path, size_t max_bytes) {
  struct stat status {};
  // Looked at before opening, so that a device is never opened (opening some has effects).
  if (::stat(path.c_str(), &status) != 0) return FromErrno<FileRead>(errno);
  if (auto refused = RefuseKind<FileRead>(status.st_mode, false)) return *refused;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return FromErrno<FileRead>(errno);
  FileRead read;
  // The descriptor decides: the path may have been swapped since the stat.
  if (::fstat(fd, &status) != 0) read = FromErrno<FileRead>(errno);
  else if (auto refused = RefuseKind<FileRead>(status.st_mode, false)) read = *refused;
  else if (static_cast<uintmax_t>(status.st_size) > max_bytes) read = TooLarge(max_bytes);
  else read = ReadAll(fd, static_cast<size_t>(status.st_size), max_bytes);
  ::close(fd);
  return read;
}

InputStream OpenInputStream(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return FromErrno<InputStream>(errno);
  if (auto refused = RefuseKind<InputStream>(status.st_mode, true)) return *refused;
  // A FIFO is opened blocking: its open returns when a writer comes, and reading it then waits
  // for data instead of seeing an end at once.
  const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (S_ISFIFO(status.st_mode) ? 0 : O_NONBLOCK);
  int fd;
  do fd = ::open(path.c_str(), flags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return FromErrno<InputStream>(errno);
  InputStream stream;
  if (::fstat(fd, &status) != 0) stream = FromErrno<InputStream>(errno);
  else if (auto refused = RefuseKind<InputStream>(status.st_mode, true)) stream = *refused;
  if (!stream.ok()) {
    ::close(fd);
    return stream;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  stream.fd = fd;
  return stream;
}

std::optional<std::string> CheckStandardInput(int fd) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) return "cannot be read: " + Lowercase(std::strerror(errno));
  if (S_ISDIR(status.st_mode)) return "is a directory";
  return std::nullopt;
}

std::string FormatByteCount(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (size_t{1} << 10) && bytes % (size_t{1} << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::optional<fs::path> ResolveInside(const fs::path& directory, const fs::path& relative) {
  const fs::path normal = relative.lexically_normal();
  if (normal.empty() || normal.is_absolute() || *normal.begin() == "..") return std::nullopt;
  std::error_code error;
  const fs::path base = fs::weakly_canonical(directory, error);
  if (error) return directory / normal;
  const fs::path target = fs::weakly_canonical(directory / normal, error);
  if (error) return directory / normal;
  const fs::path inside = target.lexically_relative(base);
  if (inside.empty() || *inside.begin() == "..") return std::nullopt;
  return target;
}

}  // namespace refund::source
