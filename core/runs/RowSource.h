#pragma once
// Which training source a stored run row belongs to: the `source` column of run_queries (docs/runs.md).
#include <cstdint>

namespace crw {

/// The stored codes are part of the project format: never renumber.
enum class RowSource : int { Preference = 0, Gold = 1, Test = 2 };

/// The stored code of a source.
constexpr int64_t rowSourceCode(RowSource s) { return static_cast<int64_t>(s); }
/// The source of a stored code; anything unknown reads as a preference row.
constexpr RowSource rowSourceOf(int64_t code)
{
    return code == 1 ? RowSource::Gold : code == 2 ? RowSource::Test : RowSource::Preference;
}

} // namespace crw
