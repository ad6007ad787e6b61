// Reader for RunForm's small data files in assets/: one record per line, fields separated
// by '|', '#' starts a comment line. Keeps form/ free of any parsing dependency.
#pragma once

#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace runform::form {

/// A malformed data file; what() names the file, line and problem.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One record: trimmed fields plus the 1-based line it came from.
struct TextRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

/// Reads every record; each must have exactly `field_count` fields.
std::vector<TextRecord> read_text_table(std::istream& in, std::size_t field_count, const std::string& file_name);

}  // namespace runform::form
