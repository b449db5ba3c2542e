#include "isolationforest.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace Anomaly {

namespace {

constexpr double kEulerGamma = 0.57721566490153286061;
constexpr double kFeatureThreshold = 1e-7; // scikit-learn's FEATURE_THRESHOLD for "constant"
constexpr int kScoreBatch = 8;             // rows walked through a tree in lock step (ILP)
// Trees are stored as perfect binary trees of depth ceil(log2 max_samples): keep that bounded.
constexpr int kMaxMaxSamples = 65536;

quint64 splitMix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double uniform01(std::mt19937_64 &rng)
{
    return double(rng() >> 11) * 0x1.0p-53; // [0, 1) with 53 random bits
}

// Uniform in [0, bound) by rejection, so no modulo bias.
quint32 uniformBelow(std::mt19937_64 &rng, quint32 bound)
{
    const quint64 limit = std::numeric_limits<quint64>::max() - std::numeric_limits<quint64>::max() % bound;
    quint64 r;
    do {
        r = rng();
    } while (r >= limit);
    return quint32(r % bound);
}

// The largest float f with double(f) <= t, so that "float x <= f" equals "double(x) <= t".
float floatAtOrBelow(double t)
{
    float f = float(t);
    if (double(f) > t)
        f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}

Common::Error invalid(const QString &code, const QString &message)
{
    return Common::Error::badInput(code, message, QJsonObject{});
}

} // namespace

IsolationForest::IsolationForest() = default;

IsolationForest::IsolationForest(Options options)
    : m_options(options)
{
}

double IsolationForest::averagePathLength(double n)
{
    if (n <= 1.0)
        return 0.0;
    if (n <= 2.0)
        return 1.0;
    return 2.0 * (std::log(n - 1.0) + kEulerGamma) - 2.0 * (n - 1.0) / n;
}

double IsolationForest::percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double index = q / 100.0 * double(values.size() - 1);
    const size_t below = size_t(std::floor(index));
    const size_t above = std::min(below + 1, values.size() - 1);
    const double t = index - double(below);
    const double a = values[below];
    const double b = values[above];
    // numpy's _lerp: symmetric form, exact at both ends.
    return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1.0 - t);
}

Common::Status IsolationForest::fit(std::span<const double> X, qsizetype rows, int cols)
{
    m_trees.clear();
    m_trainingScores.clear();
    if (rows < 1 || cols < 1 || X.size() != size_t(rows) * size_t(cols))
        return invalid(QStringLiteral("INVALID_FEATURES"), QStringLiteral("The Isolation Forest needs at least one row and one feature, and rows x cols values."));
    if (m_options.nEstimators < 1)
        return invalid(QStringLiteral("INVALID_ESTIMATORS"), QStringLiteral("The Isolation Forest needs at least one tree."));
    if (cols > 65535)
        return invalid(QStringLiteral("INVALID_FEATURES"), QStringLiteral("The Isolation Forest takes at most 65535 features."));
    if (m_options.maxSamples < 1 || m_options.maxSamples > kMaxMaxSamples)
        return invalid(QStringLiteral("INVALID_MAX_SAMPLES"), QStringLiteral("max_samples must be between 1 and 65536."));
    if (m_options.contamination && !(*m_options.contamination > 0.0 && *m_options.contamination <= 0.5))
        return invalid(QStringLiteral("INVALID_CONTAMINATION"), QStringLiteral("contamination must be 'auto' or in (0, 0.5]."));

    const size_t n = size_t(rows);
    const size_t d = size_t(cols);
    std::vector<float> data(n * d);
    for (size_t i = 0; i < n * d; ++i) {
        if (!std::isfinite(X[i])) {
            return Common::Error::badInput(
                QStringLiteral("INVALID_FEATURES"),
                QStringLiteral("Feature %1 of row %2 is not a finite number.").arg(i % d).arg(i / d),
                QJsonObject{{QStringLiteral("row"), double(i / d)}, {QStringLiteral("column"), double(i % d)}});
        }
        data[i] = float(X[i]);
    }

    m_cols = cols;
    m_maxSamples = int(std::min<qsizetype>(m_options.maxSamples, rows));
    m_maxDepth = 0;
    while ((qint64(1) << m_maxDepth) < std::max(m_maxSamples, 2))
        ++m_maxDepth;

    const size_t m = size_t(m_maxSamples);
    std::vector<qint32> rowPool(n);
    std::iota(rowPool.begin(), rowPool.end(), 0);
    std::vector<float> columns(m * d);
    std::vector<qint32> index(m);
    const bool allRows = m == n;
    const auto gather = [&]() {
        for (size_t i = 0; i < m; ++i) {
            const float *row = &data[size_t(rowPool[i]) * d];
            for (size_t f = 0; f < d; ++f)
                columns[f * m + i] = row[f];
        }
    };
    if (allRows)
        gather();

    quint64 seedState = m_options.seed;
    m_trees.resize(size_t(m_options.nEstimators));
    for (Tree &tree : m_trees) {
        std::mt19937_64 rng(splitMix64(seedState));
        if (!allRows) {
            // Partial Fisher-Yates: the first m of the pool become a uniform sample without
            // replacement. The pool need not be reset between trees; any order shuffles uniformly.
            for (size_t i = 0; i < m; ++i) {
                const size_t j = i + uniformBelow(rng, quint32(n - i));
                std::swap(rowPool[i], rowPool[j]);
            }
            gather();
        }
        growTree(tree, columns, index, int(m), rng());
    }

    m_trainingScores.assign(n, 0.0);
    accumulatePathLengths(data.data(), rows, m_trainingScores.data());
    const double denominator = double(m_trees.size()) * averagePathLength(double(m_maxSamples));
    for (double &s : m_trainingScores)
        s = -std::exp2(-(denominator != 0.0 ? s / denominator : 1.0));
    m_offset = m_options.contamination ? percentile(m_trainingScores, 100.0 * *m_options.contamination) : -0.5;
    return {};
}

void IsolationForest::growTree(Tree &tree, std::vector<float> &columns, std::vector<qint32> &index, int sampleCount,
                               quint64 treeSeed) const
{
    std::mt19937_64 rng(treeSeed);
    const size_t m = size_t(sampleCount);
    std::iota(index.begin(), index.begin() + sampleCount, 0);
    const size_t firstLeaf = (size_t(1) << m_maxDepth) - 1;
    tree.threshold.assign(firstLeaf, std::numeric_limits<float>::infinity());
    tree.feature.assign(firstLeaf, 0);
    tree.pathLength.assign(firstLeaf + 1, 0.0);

    struct Pending final
    {
        size_t slot; // heap index
        qint32 start;
        qint32 end;
        qint32 depth;
    };
    std::vector<Pending> stack;
    stack.reserve(size_t(2 * m_maxDepth + 2));
    std::vector<qint32> features(static_cast<size_t>(m_cols));

    stack.push_back({0, 0, qint32(sampleCount), 0});
    while (!stack.empty()) {
        const Pending p = stack.back();
        stack.pop_back();
        const qint32 count = p.end - p.start;

        qint32 feature = -1;
        float low = 0.0f;
        float high = 0.0f;
        if (p.depth < m_maxDepth && count >= 2) {
            // max_features = 1: draw features without replacement until a non-constant one.
            std::iota(features.begin(), features.end(), 0);
            for (quint32 remaining = quint32(m_cols); remaining > 0; --remaining) {
                const quint32 pick = uniformBelow(rng, remaining);
                const qint32 f = features[pick];
                features[pick] = features[remaining - 1];
                const float *column = &columns[size_t(f) * m];
                float lo = column[index[size_t(p.start)]];
                float hi = lo;
                for (qint32 j = p.start + 1; j < p.end; ++j) {
                    const float v = column[index[size_t(j)]];
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
                if (double(hi) <= double(lo) + kFeatureThreshold)
                    continue;
                feature = f;
                low = lo;
                high = hi;
                break;
            }
        }
        if (feature < 0) {
            // A leaf: the padding (threshold +inf, already there) sends every x left down to the
            // last level, where the leaf's path length is stored.
            size_t slot = p.slot;
            for (qint32 d = p.depth; d < m_maxDepth; ++d)
                slot = 2 * slot + 1;
            tree.pathLength[slot - firstLeaf] = double(p.depth) + averagePathLength(double(count));
            continue;
        }
        double threshold = double(low) + uniform01(rng) * (double(high) - double(low));
        if (threshold == double(high))
            threshold = double(low);
        const float cut = floatAtOrBelow(threshold);
        const float *column = &columns[size_t(feature) * m];
        qint32 *first = &index[size_t(p.start)];
        qint32 *last = first + count;
        qint32 *mid = std::partition(first, last, [column, cut](qint32 i) { return column[i] <= cut; });
        const qint32 split = p.start + qint32(mid - first);

        tree.threshold[p.slot] = cut;
        tree.feature[p.slot] = quint16(feature);
        stack.push_back({2 * p.slot + 2, split, p.end, p.depth + 1});
        stack.push_back({2 * p.slot + 1, p.start, split, p.depth + 1});
    }
}

void IsolationForest::accumulatePathLengths(const float *X, qsizetype rows, double *sum) const
{
    const size_t d = size_t(m_cols);
    const size_t n = size_t(rows);
    const size_t firstLeaf = (size_t(1) << m_maxDepth) - 1;
    for (const Tree &tree : m_trees) {
        const float *threshold = tree.threshold.data();
        const quint16 *feature = tree.feature.data();
        const double *pathLength = tree.pathLength.data();
        size_t r = 0;
        for (; r + kScoreBatch <= n; r += kScoreBatch) {
            size_t at[kScoreBatch] = {};
            const float *x = X + r * d;
            for (int level = 0; level < m_maxDepth; ++level) {
                for (int b = 0; b < kScoreBatch; ++b) {
                    const size_t i = at[b];
                    at[b] = 2 * i + 1 + size_t(x[size_t(b) * d + feature[i]] > threshold[i]);
                }
            }
            for (int b = 0; b < kScoreBatch; ++b)
                sum[r + size_t(b)] += pathLength[at[b] - firstLeaf];
        }
        for (; r < n; ++r) {
            size_t i = 0;
            const float *x = X + r * d;
            for (int level = 0; level < m_maxDepth; ++level)
                i = 2 * i + 1 + size_t(x[feature[i]] > threshold[i]);
            sum[r] += pathLength[i - firstLeaf];
        }
    }
}

std::vector<double> IsolationForest::scoreSamples(std::span<const double> X, qsizetype rows) const
{
    if (!isFitted() || rows <= 0 || X.size() != size_t(rows) * size_t(m_cols))
        return {};
    std::vector<double> scores(size_t(rows), 0.0);
    std::vector<float> data(size_t(rows) * size_t(m_cols));
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = float(X[i]);
    accumulatePathLengths(data.data(), rows, scores.data());
    const double denominator = double(m_trees.size()) * averagePathLength(double(m_maxSamples));
    for (double &s : scores)
        s = -std::exp2(-(denominator != 0.0 ? s / denominator : 1.0));
    return scores;
}

std::vector<double> IsolationForest::decisionFunction(std::span<const double> X, qsizetype rows) const
{
    std::vector<double> scores = scoreSamples(X, rows);
    for (double &s : scores)
        s -= m_offset;
    return scores;
}

} // namespace Anomaly
