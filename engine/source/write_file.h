// Rewriting a file the engine was asked to change (`refundctl test --update`) so that a failed
// write never leaves it half written.
//
//   if (auto why = source::ReplaceFile("rules/p/tests/a.yaml", text)) report("cannot write: " + *why);
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace refund::source {

// Replaces the file at `path` with `text`: the text goes to a new temporary file beside it
// (created exclusively, so never through an existing name or link), is flushed to disk, takes the
// old file's permissions, and is renamed over it. A reader sees the old bytes or the new ones;
// on any failure (a full disk, a file size limit) the old file is left as it was and the
// temporary one removed. nullopt on success, else why, lowercase ("no space left on device").
std::optional<std::string> ReplaceFile(const std::filesystem::path& path, std::string_view text);

}  // namespace refund::source
