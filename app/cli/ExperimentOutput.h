#pragma once
// Writing the results of `experiment` and `experiment-merge`: one function, so both write the same bytes.
#include <QJsonObject>
#include <QString>

namespace crw::cli {

/// Writes json (indented) to jsonPath atomically (QSaveFile: a killed process leaves no half file), the markdown
/// table to stdout unless printTable is false, and to markdownPath when it is not empty. Returns 0, or the exit code
/// of a one-line error naming the file that cannot be written.
int writeExperimentOutput(const QString& jsonPath, const QString& markdownPath, const QJsonObject& json,
    const QString& table, bool printTable = true);

} // namespace crw::cli
