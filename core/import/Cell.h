#pragma once
// One source value of a tabular row (a CSV field or a JSON Lines member) and strict conversions of it.
#include "import/ProjectWriter.h"

#include <QJsonValue>
#include <string_view>

namespace crw {

enum class CellType { Missing, Null, Text, Number, Bool, Array, Object };

/// CSV fields are always Text; JSON members keep their JSON type (text holds strings and number spellings).
struct Cell {
    CellType type = CellType::Missing;
    std::string_view text;
    double number = 0.0;
    QJsonValue json; // arrays (embeddings) from JSON Lines
};

/// Text with surrounding blanks removed.
std::string_view trimView(std::string_view s);
/// True for a missing, null or blank value.
bool isBlank(const Cell& c);
/// A finite number. CSV text must parse completely; JSON must be a number (or true/false if allowBool).
/// Accepts True/False/true/false text when allowBool. Throws RowError(column) naming `what` otherwise.
double cellNumber(const Cell& c, int column, const char* what, bool allowBool = false);
/// Text of a string (or, for ids, an integer number). Throws RowError for other JSON types.
std::string_view cellText(const Cell& c, int column, const char* what);
/// Numbers of an embedding: a JSON array, or CSV text holding a JSON array. Throws RowError.
std::vector<double> cellVector(const Cell& c, int column);
/// Short quoted excerpt of a value for messages.
QString excerpt(std::string_view s);

} // namespace crw
