#include "learn/FlatTreeEnsemble.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <charconv>
#include <cmath>
#include <cstring>

namespace crw {

namespace {
bool parseFloat(const char* begin, const char* end, float* out)
{
    // std::from_chars: correctly rounded and locale-independent (strtof follows the C locale Qt sets).
    const auto r = std::from_chars(begin, end, *out, std::chars_format::general);
    return r.ec == std::errc() && r.ptr == end;
}

/// The float arrays stored under key, in the order they appear in the text (XGBoost writes trees in order). Read
/// from the text itself: a JSON parser going through double could round a float differently.
bool rawFloatArrays(const QByteArray& json, const char* key, std::vector<std::vector<float>>* out)
{
    const QByteArray needle = QByteArray("\"") + key + "\":";
    const char* p = json.constData();
    const char* end = p + json.size();
    qsizetype from = 0;
    while (true) {
        const qsizetype at = json.indexOf(needle, from);
        if (at < 0)
            return true;
        const char* c = p + at + needle.size();
        while (c < end && (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r'))
            ++c;
        if (c >= end || *c != '[')
            return false;
        ++c;
        std::vector<float> values;
        while (c < end && *c != ']') {
            while (c < end && (*c == ' ' || *c == ',' || *c == '\n' || *c == '\t' || *c == '\r'))
                ++c;
            if (c < end && *c == ']')
                break;
            const char* s = c;
            while (c < end && *c != ',' && *c != ']' && *c != ' ' && *c != '\n')
                ++c;
            float v = 0;
            if (!parseFloat(s, c, &v))
                return false;
            values.push_back(v);
        }
        if (c >= end)
            return false;
        out->push_back(std::move(values));
        from = c - p;
    }
}

bool truthy(const QJsonValue& v)
{
    return v.isBool() ? v.toBool() : v.toInt(0) != 0;
}
} // namespace

std::unique_ptr<FlatTreeEnsemble> FlatTreeEnsemble::fromXgboostJson(const QByteArray& json, Eigen::Index features)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return nullptr;
    const QJsonObject learner = doc.object().value("learner").toObject();
    const QJsonObject param = learner.value("learner_model_param").toObject();
    const QJsonObject booster = learner.value("gradient_booster").toObject();
    if (learner.value("objective").toObject().value("name").toString() != QLatin1String("reg:squarederror"))
        return nullptr;
    if (booster.value("name").toString() != QLatin1String("gbtree"))
        return nullptr;
    const QString numClass = param.value("num_class").toString(QStringLiteral("0"));
    const QString numTarget = param.value("num_target").toString(QStringLiteral("1"));
    if ((numClass != QLatin1String("0") && numClass != QLatin1String("1")) || numTarget != QLatin1String("1"))
        return nullptr;
    auto f = std::unique_ptr<FlatTreeEnsemble>(new FlatTreeEnsemble);
    f->m_features = features;
    const QByteArray base = param.value("base_score").toString().toLatin1();
    if (base.isEmpty() || !parseFloat(base.constData(), base.constData() + base.size(), &f->m_baseScore))
        return nullptr;

    const QJsonObject model = booster.value("model").toObject();
    const QJsonArray trees = model.value("trees").toArray();
    const QJsonArray treeInfo = model.value("tree_info").toArray();
    if (treeInfo.size() != trees.size())
        return nullptr;
    std::vector<std::vector<float>> conditions;
    if (!rawFloatArrays(json, "split_conditions", &conditions) || conditions.size() != size_t(trees.size()))
        return nullptr;
    for (qsizetype t = 0; t < trees.size(); ++t) {
        if (treeInfo[t].toInt(-1) != 0)
            return nullptr;
        const QJsonObject tree = trees[t].toObject();
        const QJsonArray left = tree.value("left_children").toArray();
        const QJsonArray right = tree.value("right_children").toArray();
        const QJsonArray index = tree.value("split_indices").toArray();
        const QJsonArray defaults = tree.value("default_left").toArray();
        const QJsonArray types = tree.value("split_type").toArray();
        const std::vector<float>& cond = conditions[size_t(t)];
        const qsizetype n = left.size();
        if (n == 0 || right.size() != n || index.size() != n || defaults.size() != n || qsizetype(cond.size()) != n
            || (!types.isEmpty() && types.size() != n) || !tree.value("categories").toArray().isEmpty())
            return nullptr;
        const int32_t offset = int32_t(f->m_nodes.size());
        f->m_roots.push_back(offset);
        for (qsizetype i = 0; i < n; ++i) {
            const int l = left[i].toInt(-2), r = right[i].toInt(-2);
            Node node {};
            node.value = cond[size_t(i)];
            if (l == -1) {
                node.feature = -1;
                node.left = node.right = node.missing = -1;
            } else {
                const int feat = index[i].toInt(-1);
                if (l <= 0 || r <= 0 || l >= n || r >= n || l == r || feat < 0 || feat >= features
                    || (!types.isEmpty() && types[i].toInt(-1) != 0))
                    return nullptr;
                node.feature = feat;
                node.left = offset + l;
                node.right = offset + r;
                node.missing = truthy(defaults[i]) ? node.left : node.right;
            }
            f->m_nodes.push_back(node);
        }
        // A tree: every node reachable from the root at most once (no cycles, no shared children).
        std::vector<char> seen(size_t(n), 0);
        std::vector<int32_t> stack { 0 };
        while (!stack.empty()) {
            const int32_t i = stack.back();
            stack.pop_back();
            if (seen[size_t(i)]++)
                return nullptr;
            const Node& node = f->m_nodes[size_t(offset + i)];
            if (node.feature >= 0) {
                stack.push_back(node.left - offset);
                stack.push_back(node.right - offset);
            }
        }
    }
    return f;
}

float FlatTreeEnsemble::predictRow(const double* row) const
{
    const Node* nodes = m_nodes.data();
    float sum = m_baseScore;
    for (const int32_t root : m_roots) {
        const Node* n = nodes + root;
        while (n->feature >= 0) {
            const double x = row[n->feature];
            n = nodes + (std::isnan(x) ? n->missing : (float(x) < n->value ? n->left : n->right));
        }
        sum += n->value;
    }
    return sum;
}

void FlatTreeEnsemble::predict(const Matrix& X, double* out) const
{
    for (Eigen::Index i = 0; i < X.rows(); ++i)
        out[i] = double(predictRow(X.row(i).data()));
}

std::vector<float> FlatTreeEnsemble::thresholdsOf(int feature) const
{
    std::vector<float> t;
    for (const Node& n : m_nodes)
        if (n.feature == feature)
            t.push_back(n.value);
    return t;
}

} // namespace crw
