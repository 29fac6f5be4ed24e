// ReplaceFile (see write_file.h): temporary file, checked writes, fsync, rename.
#include "engine/source/write_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace refund::source {
namespace {

std::string Why(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// Writes all of `text` to `fd`; the errno of the failure, or 0.
int WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace

std::optional<std::string> ReplaceFile(const std::filesystem::path& path, std::string_view text) {
  const std::filesystem::path directory = path.parent_path().empty() ? "." : path.parent_path();
  std::string name = path.filename().string();  // appended, not `"." + name`: GCC 12 warns falsely there
  name.insert(0, 1, '.');
  name.append(".XXXXXX");
  std::string temporary = (directory / name).string();
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return Why(errno);
  int error = 0;
  struct stat old {};
  if (::stat(path.c_str(), &old) == 0 && ::fchmod(fd, old.st_mode & 07777) != 0) error = errno;
  if (error == 0) error = WriteAll(fd, text);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error == 0) return std::nullopt;
  ::unlink(temporary.c_str());
  return Why(error);
}

}  // namespace refund::source
