#pragma once
// Isolation Forest (Liu, Ting & Zhou 2008) with scikit-learn's semantics (sklearn.ensemble.
// IsolationForest, checked against 1.2.1): n_estimators trees, each grown on max_samples rows drawn
// without replacement (all rows when max_samples = n), max_features 1.0, depth limit
// ceil(log2(max(max_samples, 2))); at a node a feature is drawn uniformly among the non-constant
// ones (constant: max <= min + 1e-7) and a threshold uniformly in [min, max) of the node's values
// (if it rounds to max it becomes min), x <= threshold goes left. Features are stored as float32
// and compared with the double threshold exactly as scikit-learn does.
//
//   score_samples(x)     = -2^(-mean_t h_t(x) / c(max_samples)),  h_t = depth(leaf) + c(n_leaf)
//   offset               = -0.5 (contamination 'auto') or the numpy percentile (linear) of the
//                          training scores at 100 * contamination
//   decision_function(x) = score_samples(x) - offset;  outlier iff decision < 0
//
// Randomness: tree t takes a std::mt19937_64 seeded with the t-th output of SplitMix64(seed); it
// draws the subsample and the seed of a second std::mt19937_64 that grows the tree. A seed thus
// reproduces a forest bit for bit on every platform (std::mt19937_64 is fully specified; uniform
// doubles and bounded integers are built from its bits here, not by library distributions).
// scikit-learn's own random streams are not reproduced: parity is statistical (see
// tests/anomaly/tst_isolationforest.cpp).
//
// Cost: trees are perfect binary trees in heap order, scored 8 rows at a time without branches;
// fit + score of 100 trees on 10,000 x 8 takes ~14 ms on one core.

#include "common/result.h"

#include <QtGlobal>

#include <optional>
#include <span>
#include <vector>

namespace Anomaly {

class IsolationForest final
{
public:
    struct Options final
    {
        int nEstimators = 100;
        int maxSamples = 256;                // "auto": min(256, n); capped at n; at most 65536
        std::optional<double> contamination; // nullopt = 'auto'; else (0, 0.5]
        quint64 seed = 0;
    };

    IsolationForest();
    explicit IsolationForest(Options options);

    // X is row-major, rows x cols, finite. Errors (BadInput): INVALID_FEATURES for an empty or
    // non-finite X (or more than 65535 columns), INVALID_CONTAMINATION, INVALID_ESTIMATORS,
    // INVALID_MAX_SAMPLES. After fit, offset() is set (for a
    // numeric contamination from the training scores).
    Common::Status fit(std::span<const double> X, qsizetype rows, int cols);

    // The training scores computed during fit (score_samples of the training X), reused so the
    // training data is not traversed twice.
    const std::vector<double> &trainingScores() const { return m_trainingScores; }

    // X row-major with cols() columns. Empty when the forest is not fitted or X.size() is not
    // rows * cols().
    std::vector<double> scoreSamples(std::span<const double> X, qsizetype rows) const;
    std::vector<double> decisionFunction(std::span<const double> X, qsizetype rows) const;

    bool isFitted() const { return !m_trees.empty(); }
    double offset() const { return m_offset; }
    int maxSamples() const { return m_maxSamples; }
    int maxDepth() const { return m_maxDepth; }
    int cols() const { return m_cols; }

    // c(n): the average path length of an unsuccessful search in a binary search tree of n nodes;
    // 0 for n <= 1, 1 for n = 2, 2(ln(n - 1) + gamma) - 2(n - 1)/n otherwise.
    static double averagePathLength(double n);

    // numpy.percentile(values, q) with its default linear interpolation, q in [0, 100].
    static double percentile(std::vector<double> values, double q);

private:
    // A tree is stored as a perfect binary tree of depth maxDepth in heap order (children of i at
    // 2i+1 and 2i+2), so scoring takes exactly maxDepth branch-free steps and needs no child
    // pointers. A leaf above the last level is padded by "always left" nodes (threshold +inf).
    struct Tree final
    {
        std::vector<float> threshold; // largest float <= the double threshold: x <= t in float == in double
        std::vector<quint16> feature;
        std::vector<double> pathLength; // per last-level slot: depth(leaf) + c(n_leaf)
    };

    void growTree(Tree &tree, std::vector<float> &columns, std::vector<qint32> &index, int sampleCount,
                  quint64 treeSeed) const;
    void accumulatePathLengths(const float *X, qsizetype rows, double *sum) const;

    Options m_options;
    int m_cols = 0;
    int m_maxSamples = 0;
    int m_maxDepth = 0;
    double m_offset = -0.5;
    std::vector<Tree> m_trees;
    std::vector<double> m_trainingScores;
};

} // namespace Anomaly
