// Text and Markdown layout of an explanation (see document.h): text wraps at `width` columns and
// aligns the ledger (wide CJK characters count two columns); Markdown is for tickets.
#include <fmt/format.h>

#include "engine/explain/document.h"

namespace refund::explain {
namespace {

// Display columns of UTF-8 text: East Asian wide characters take two.
size_t Columns(std::string_view s) {
  size_t cols = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? b : (b & (0x7F >> len));
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    cols += (cp >= 0x2E80 && cp <= 0xFFEF && !(cp >= 0xFE00 && cp <= 0xFE0F)) ? 2 : 1;
    i += len;
  }
  return cols;
}

std::string Pad(const std::string& s, size_t width, bool right = false) {
  size_t cols = Columns(s);
  std::string fill(cols < width ? width - cols : 0, ' ');
  return right ? fill + s : s + fill;
}

// Wraps at spaces (and anywhere between wide characters), indenting continuation lines.
std::string Wrap(const std::string& text, size_t width, const std::string& first, const std::string& rest) {
  std::string out = first, line;
  size_t cols = Columns(first);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    std::string word = text.substr(i, j == std::string::npos ? std::string::npos : j - i + 1);
    i = j == std::string::npos ? text.size() : j + 1;
    if (cols + Columns(word) > width && cols > Columns(rest)) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "\n" + rest;
      cols = Columns(rest);
    }
    out += word;
    cols += Columns(word);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\n";
}

std::string LedgerText(const std::vector<Row>& rows) {
  size_t label = 0, amount = 0;
  for (const Row& r : rows) {
    label = std::max(label, Columns(r.label) + 2 * r.indent);
    amount = std::max(amount, Columns(r.amount));
  }
  std::string out;
  for (const Row& r : rows) {
    std::string line = "  " + std::string(2 * r.indent, ' ') + Pad(r.label, label - 2 * r.indent) + "  " + Pad(r.amount, amount, true);
    if (!r.note.empty()) line += "  " + r.note;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string RenderText(const Document& doc, int width) {
  const Words& w = *doc.words;
  const size_t cols = static_cast<size_t>(width);
  std::string out = doc.heading + "\n\n" + w.summary + "\n" + Wrap(doc.summary, cols, "  ", "  ");
  out += fmt::format("\n{}\n", w.items);
  for (const ItemSection& s : doc.items) {
    out += Wrap(s.title, cols, "  ", "    ");
    for (const std::string& r : s.reasons) out += Wrap(r, cols, "    ", "      ");
    for (const std::string& f : s.facts) out += Wrap(f, cols, "    · ", "      ");
  }
  out += fmt::format("\n{}\n", w.ledger) + LedgerText(doc.ledger);
  out += fmt::format("\n{}\n", w.forfeited) + LedgerText(doc.forfeited);
  out += fmt::format("\n{}\n", w.what_would_change);
  if (doc.what_if.empty()) out += fmt::format("  {}\n", w.nothing_changes);
  for (const Statement& s : doc.what_if) out += Wrap(s.text, cols, "  - ", "    ");
  out += fmt::format("\n{}\n", w.for_authors);
  for (const AuthorLine& a : doc.authors)
    out += "  " + std::string(2 * a.depth, ' ') + a.text + (a.where.empty() ? "" : "  " + a.where) + "\n";
  if (!doc.trace.empty()) out += fmt::format("\n{}\n", w.trace);
  for (const AuthorLine& a : doc.trace)
    out += "  " + std::string(2 * a.depth, ' ') + a.text + (a.where.empty() ? "" : "  [" + a.where + "]") + "\n";
  return out;
}

std::string RenderMarkdown(const Document& doc) {
  const Words& w = *doc.words;
  auto cell = [](std::string s) {
    std::string out;
    for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return out;
  };
  std::string out = fmt::format("### {}\n\n**{}:** {}\n\n#### {}\n\n", doc.heading, w.summary, doc.summary, w.items);
  for (const ItemSection& s : doc.items) {
    out += fmt::format("- **{}**\n", s.title);
    for (const std::string& r : s.reasons) out += fmt::format("  - {}\n", r);
    for (const std::string& f : s.facts) out += fmt::format("  - {}\n", f);
  }
  for (const auto& [title, rows] : {std::pair{w.ledger, &doc.ledger}, std::pair{w.forfeited, &doc.forfeited}}) {
    out += fmt::format("\n#### {}\n\n| | | |\n|---|--:|---|\n", title);
    for (const Row& r : *rows)
      out += fmt::format("| {} | {} | {} |\n", r.indent ? cell(r.label) : "**" + cell(r.label) + "**", cell(r.amount),
                         cell(r.note));
  }
  out += fmt::format("\n#### {}\n\n", w.what_would_change);
  if (doc.what_if.empty()) out += fmt::format("- {}\n", w.nothing_changes);
  for (const Statement& s : doc.what_if) out += fmt::format("- {}\n", s.text);
  out += fmt::format("\n<details><summary>{}</summary>\n\n```\n", w.for_authors);
  for (const AuthorLine& a : doc.authors) out += std::string(2 * a.depth, ' ') + a.text + (a.where.empty() ? "" : "  " + a.where) + "\n";
  for (const AuthorLine& a : doc.trace) out += "  " + std::string(2 * a.depth, ' ') + a.text + (a.where.empty() ? "" : "  [" + a.where + "]") + "\n";
  out += "```\n</details>\n";
  return out;
}

}  // namespace refund::explain
