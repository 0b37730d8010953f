#include "sim/BiasSimulator.h"

#include <QStringList>
#include <cmath>
#include <map>
#include <random>

namespace crw {

bool BiasSpec::parseComponents(const QString& list, BiasSpec* spec, QString* error)
{
    spec->length = spec->task = spec->direction = spec->shift = false;
    for (const QString& raw : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString c = raw.trimmed();
        if (c == QLatin1String("length"))
            spec->length = true;
        else if (c == QLatin1String("task"))
            spec->task = true;
        else if (c == QLatin1String("direction"))
            spec->direction = true;
        else if (c == QLatin1String("shift"))
            spec->shift = true;
        else {
            *error = QStringLiteral("unknown bias component '%1' (expected length, task, direction, shift)").arg(c);
            return false;
        }
    }
    if (!(spec->length || spec->task || spec->direction || spec->shift)) {
        *error = QStringLiteral("no bias component given");
        return false;
    }
    return true;
}

QJsonObject BiasSpec::toJson() const
{
    return QJsonObject { { "length", length }, { "task", task }, { "direction", direction }, { "shift", shift },
        { "strength", strength }, { "scale", scale }, { "noise", noise }, { "votes", votes },
        { "seed", QString::number(seed) } };
}

namespace {
// Centres and scales v to unit sd (zero vector if constant).
Vector standardised(Vector v)
{
    if (v.size() < 2)
        return Vector::Zero(v.size());
    v.array() -= v.mean();
    const double sd = std::sqrt(v.squaredNorm() / double(v.size() - 1));
    return sd > 1e-12 ? Vector(v / sd) : Vector(Vector::Zero(v.size()));
}
}

SimulatedPreferences simulatePreferences(const Vector& r, const Vector& logLength, const QVector<QString>& tasks,
    const Matrix& X, const BiasSpec& spec)
{
    const Eigen::Index n = r.size();
    std::mt19937_64 rng(spec.seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    Vector delta = Vector::Zero(n);
    int components = 0;
    if (spec.length && logLength.size() == n) {
        delta += standardised(logLength);
        ++components;
    }
    if (spec.task && tasks.size() == n) {
        std::map<QString, double> shiftOf; // ordered: deterministic draw order
        for (const QString& t : tasks)
            shiftOf[t] = 0.0;
        for (auto& [t, s] : shiftOf)
            s = gauss(rng);
        Vector v(n);
        for (Eigen::Index i = 0; i < n; ++i)
            v[i] = shiftOf[tasks[int(i)]];
        delta += standardised(v);
        ++components;
    }
    if (spec.direction && X.cols() > 0 && X.rows() == n) {
        Vector dir(X.cols());
        for (Eigen::Index j = 0; j < dir.size(); ++j)
            dir[j] = gauss(rng);
        const Vector proj = standardised(X * dir);
        delta += standardised(Vector((1.5 * proj.array()).tanh().matrix()));
        ++components;
    }
    const double sdr = n > 1 ? std::sqrt((r.array() - r.mean()).square().sum() / double(n - 1)) : 1.0;
    const double unit = (sdr > 0 ? sdr : 1.0) * spec.strength;
    if (components > 0)
        delta = standardised(delta) * unit;
    if (spec.shift)
        delta.array() += unit;

    SimulatedPreferences out;
    out.delta = delta;
    out.y.resize(n);
    const double noiseSd = spec.noise * (sdr > 0 ? sdr : 1.0);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double eta = r[i] - delta[i];
        const double e = gauss(rng);
        if (spec.votes) {
            std::uniform_real_distribution<double> u(0.0, 1.0);
            const double prob = 1.0 / (1.0 + std::exp(-spec.scale * eta / std::max(noiseSd, 1e-6)));
            out.y[i] = u(rng) < prob ? 1.0 : -1.0;
        } else {
            out.y[i] = spec.scale * (eta + noiseSd * e);
        }
    }
    return out;
}

} // namespace crw
