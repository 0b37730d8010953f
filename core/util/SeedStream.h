#pragma once
// One way to derive independent random streams from a run's seed: a SplitMix64 hash of (seed, purpose, index).
// Every seeded draw in core/ takes its seed from here, so no two purposes, folds, runs or gold sizes share a stream.
#include <cstdint>

namespace crw {

/// What a derived stream is used for. Values are part of the stored numbers' definition: append, never renumber.
enum class SeedPurpose : uint64_t {
    TrainSplit = 1, ///< the test / gold / preference split of a training run
    ConformalSplit = 2, ///< the calibration half of the held-out test queries
    Features = 3, ///< the featurizer (TF-IDF SVD, embedding PCA)
    Suite = 4, ///< the router suite of one split (parent of the streams below)
    Folds = 5, ///< cross-fitting fold assignment
    PropensityFold = 6, ///< index: fold
    OutcomeFull = 7, ///< mu0 on all preference rows
    OutcomeFold = 8, ///< index: fold
    GoldArmFold = 9, ///< T-learner / mu1 correction per fold; index: fold
    Stage2Fold = 10, ///< second-stage fit per fold; index: fold
    Stage2Full = 11, ///< second-stage fit on all rows
    FinalModel = 12, ///< a router's psi model; index: router kind
    Bootstrap = 13, ///< a router's bootstrap (parent of the two below); index: router kind
    BootstrapDraw = 14, ///< the resample of replicate r; index: r
    BootstrapModel = 15, ///< the model of replicate r; index: r
    ExperimentRun = 16, ///< one Monte-Carlo run of `experiment` / the acquisition study; index: run
    ExperimentCell = 17, ///< the suite of one (run, gold size) cell, a child of ExperimentRun; index: gold size
    GoldSkew = 18, ///< the skewed gold sample of a protocol split
    Reference = 19, ///< the authors' reference procedure; index: router kind
    AcquisitionStep = 20, ///< one acquisition arm's draw; index: strategy
    Calibration = 21, ///< the bootstrap of a cost-weight calibration
    ExplainSample = 22, ///< the sample of training queries stored with an exported router
    ScaleFolds = 23, ///< the regression constant's cross-validation folds; index: 0 gold rows, 1 preference rows
    AutoCv = 24, ///< auto's cross-validation: the preference subsample of fold k (index k) and each candidate's fit
    QueryClusters = 25, ///< the k-means++ start of the run's query clusters
};

/// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection of 64-bit words with full avalanche.
constexpr uint64_t splitMix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// The seed of stream (purpose, index) under `seed`. Distinct (purpose, index) pairs under one seed give distinct
/// seeds (two bijections and an xor per level; a collision is a 2^-64 event), and derived seeds can themselves be
/// used as the parent of further streams.
constexpr uint64_t deriveSeed(uint64_t seed, SeedPurpose purpose, uint64_t index = 0)
{
    return splitMix64(splitMix64(splitMix64(seed) ^ static_cast<uint64_t>(purpose)) ^ index);
}

} // namespace crw
