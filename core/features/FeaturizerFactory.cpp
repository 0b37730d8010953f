// makeFeaturizerFromJson: maps the stored family name to its class.
#include "features/EmbeddingPcaFeaturizer.h"
#include "features/TfidfSvdFeaturizer.h"
#include "learn/JsonArrays.h"

#include <stdexcept>

namespace crw {

std::unique_ptr<Featurizer> makeFeaturizerFromJson(const QJsonObject& json)
{
    const QString family = requireKey(json, "family").toString();
    if (family == "tfidf-svd")
        return TfidfSvdFeaturizer::fromJson(json);
    if (family == "embedding-pca")
        return EmbeddingPcaFeaturizer::fromJson(json);
    throw std::runtime_error(("unknown featurizer family '" + family + "'").toStdString());
}

} // namespace crw
