#include "form/text_table.h"

namespace runform::form {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

}  // namespace

std::vector<TextRecord> read_text_table(std::istream& in, std::size_t field_count, const std::string& file_name) {
  std::vector<TextRecord> records;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string trimmed = trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    TextRecord rec{number, {}};
    std::size_t start = 0;
    while (true) {
      const auto bar = trimmed.find('|', start);
      rec.fields.push_back(trim(trimmed.substr(start, bar == std::string::npos ? std::string::npos : bar - start)));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (rec.fields.size() != field_count) {
      throw DataFileError(file_name + ":" + std::to_string(number) + ": expected " + std::to_string(field_count) +
                          " '|'-separated fields, got " + std::to_string(rec.fields.size()));
    }
    records.push_back(std::move(rec));
  }
  return records;
}

}  // namespace runform::form
