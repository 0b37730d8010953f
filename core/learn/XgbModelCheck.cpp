#include "learn/XgbModelCheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <stdexcept>
#include <string>

namespace crw {

namespace {

[[noreturn]] void bad(const std::string& what)
{
    throw std::runtime_error("xgboost model: " + what);
}

QJsonObject object(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isObject())
        bad(std::string("\"") + key + "\" must be an object");
    return v.toObject();
}

QJsonArray array(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isArray())
        bad(std::string("\"") + key + "\" must be an array");
    return v.toArray();
}

// XGBoost writes counts as decimal strings ("7"); accept those (and plain integers) within [lo, hi].
long long count(const QJsonObject& o, const char* key, long long lo, long long hi)
{
    const QJsonValue v = o.value(QLatin1String(key));
    bool ok = false;
    long long n = 0;
    if (v.isString())
        n = v.toString().toLongLong(&ok);
    else if (v.isDouble()) {
        const double d = v.toDouble();
        ok = d == double(static_cast<long long>(d)) && d >= -1e15 && d <= 1e15;
        n = static_cast<long long>(d);
    }
    if (!ok || n < lo || n > hi)
        bad(std::string("\"") + key + "\" must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi)
            + "]");
    return n;
}

} // namespace

void checkXgbModelJson(const QByteArray& bytes, long long expectedFeatures)
{
    QJsonParseError err {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        bad("not a JSON model");
    const QJsonObject learner = object(doc.object(), "learner");
    const QJsonObject lmp = object(learner, "learner_model_param");
    const long long features = count(lmp, "num_feature", 0, 1000000);
    if (expectedFeatures >= 0 && features != expectedFeatures)
        bad("num_feature differs from the model's declared feature count");
    count(lmp, "num_class", 0, 0);
    const QJsonObject gb = object(learner, "gradient_booster");
    if (gb.value(QLatin1String("name")).toString() != QLatin1String("gbtree"))
        bad("only gbtree boosters are supported");
    const QJsonObject model = object(gb, "model");
    const QJsonObject gmp = object(model, "gbtree_model_param");
    const QJsonArray trees = array(model, "trees");
    const QJsonArray info = array(model, "tree_info");
    const long long numTrees = count(gmp, "num_trees", 0, 1000000);
    count(gmp, "size_leaf_vector", 0, 0);
    if (numTrees != trees.size() || numTrees != info.size())
        bad("num_trees differs from the number of trees");
    for (const QJsonValue& g : info)
        if (g.toDouble(-1) != 0)
            bad("tree_info must name output group 0 for every tree");
    for (const QJsonValue& tv : trees) {
        if (!tv.isObject())
            bad("a tree must be an object");
        const QJsonObject t = tv.toObject();
        const QJsonObject tp = object(t, "tree_param");
        const long long nodes = count(tp, "num_nodes", 1, 10000000);
        count(tp, "size_leaf_vector", 0, 0);
        if (count(tp, "num_feature", 0, 1000000) != features)
            bad("a tree's num_feature differs from the model's");
        for (const char* key : { "left_children", "right_children", "parents", "split_indices", "split_conditions",
                 "split_type", "default_left", "base_weights", "loss_changes", "sum_hessian" })
            if (array(t, key).size() != nodes)
                bad(std::string("\"") + key + "\" must have num_nodes entries");
        for (const char* key : { "categories", "categories_nodes", "categories_segments", "categories_sizes" })
            if (t.contains(QLatin1String(key)) && !array(t, key).isEmpty())
                bad("categorical splits are not supported");
        const QJsonArray left = array(t, "left_children"), right = array(t, "right_children"),
                         parents = array(t, "parents"), split = array(t, "split_indices"),
                         type = array(t, "split_type");
        for (qsizetype i = 0; i < nodes; ++i) {
            for (const QJsonArray* a : { &left, &right, &parents }) {
                const QJsonValue v = a->at(i);
                const double d = v.toDouble(-2);
                // -1 marks a leaf (children) or the root (parent); XGBoost writes the root's parent as 2147483647.
                const bool rootParent = a == &parents && i == 0;
                if (!v.isDouble() || d != double(static_cast<long long>(d))
                    || (!(d >= -1 && d < double(nodes)) && !(rootParent && d == 2147483647.0)))
                    bad("a node index is out of range");
            }
            const double l = left.at(i).toDouble(), r = right.at(i).toDouble();
            if ((l < 0) != (r < 0))
                bad("a node has only one child");
            // XGBoost's predictor walks to left + (go right): children follow their parent, the right one directly
            // after the left one, and name it as their parent.
            if (l >= 0
                && (l <= double(i) || r != l + 1 || parents.at(qsizetype(l)).toDouble() != double(i)
                    || parents.at(qsizetype(r)).toDouble() != double(i)))
                bad("the tree's node links are inconsistent");
            const double f = split.at(i).toDouble(-1);
            if (!split.at(i).isDouble() || f < 0 || f != double(static_cast<long long>(f))
                || (left.at(i).toDouble() >= 0 && f >= double(features)))
                bad("a split feature is out of range");
            if (type.at(i).toDouble(-1) != 0)
                bad("categorical splits are not supported");
        }
    }
}

} // namespace crw
