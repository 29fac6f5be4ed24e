// Rendering a DiffReport, one file per format; renderers compute nothing the report lacks.
//   text: for a terminal; json: everything, one object; markdown: for a pull request;
//   html: one self-contained page (no external assets) with an inline SVG chart.
#pragma once

#include <string>

#include "engine/diff/diff_report.h"

namespace refund::diff {

std::string RenderText(const DiffReport& report);
std::string RenderJson(const DiffReport& report);
std::string RenderMarkdown(const DiffReport& report);
std::string RenderHtml(const DiffReport& report);

}  // namespace refund::diff
