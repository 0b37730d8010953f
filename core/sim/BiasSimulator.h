#pragma once
// Generates preference labels with a known heterogeneous bias from gold gains (the workbench's simulator).
#include "learn/Types.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace crw {

struct BiasSpec {
    bool length = true;        // Delta grows with the standardised log length of the query
    bool task = true;          // a per-task shift drawn N(0,1) per task
    bool direction = true;     // tanh(1.5 z) of the standardised projection z on a random direction in feature space
    bool shift = false;        // a global shift
    double strength = 1.0;     // Delta's sd in units of sd(r) (each component is normalised, then summed)
    double scale = 1.0;        // preference scale C: y = C * (r - Delta) + noise
    double noise = 0.1;        // noise sd in gold units (times C)
    bool votes = false;        // Bernoulli votes: y = +1 with probability sigmoid(C (r - Delta) / noise), else -1
    uint64_t seed = 7;
    /// Parses "length,task,direction,shift" (any subset).
    static bool parseComponents(const QString& list, BiasSpec* spec, QString* error);
    QJsonObject toJson() const;
};

struct SimulatedPreferences {
    Vector delta;              // true bias per query (gold units): eta = r - delta
    Vector y;                  // the preference label per query (primary minus alternative)
};

/// Simulates one preference label per query. r: gold gains; logLength: log(1+characters); tasks: task label per query
/// (may be empty strings); X: features for the direction component (may have zero columns).
/// Deterministic for spec.seed.
SimulatedPreferences simulatePreferences(const Vector& r, const Vector& logLength, const QVector<QString>& tasks,
    const Matrix& X, const BiasSpec& spec);

} // namespace crw
