#pragma once
// A small project with known content, written directly through SqliteDb (no importer needed).
#include <QString>

namespace crw::test {

constexpr int kQueries = 300, kModels = 4, kPrefs = 500;

/// Score of query q (1-based) for model m (1-based) in dataset 2.
double goldScore(int q, int m);
/// Outcome of preference label id (1-based).
double prefOutcome(int id);

/// Creates a project at path with datasets 1 "qs" (queries, 300), 2 "gold-a" (gold, 300 queries x 4 models),
/// 3 "gold-b" (gold, queries 1..100 x model-1, score 1), 4 "prefs" (preference, 500 labels model-1 vs model-2).
void fillTestProject(const QString& path);

} // namespace crw::test
