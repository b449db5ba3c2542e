#pragma once
// What long work (an import, a KPI recompute, a model refit) tells whoever runs it, and how it learns
// that it should stop. Jobs (core/jobs) implement it for the UI and the API; the command line and
// tests use simpler ones. Work calls isCancelled() at safe points and then undoes what it started.

#include <QString>

#include <atomic>

namespace Common {

class ProgressReporter
{
public:
    virtual ~ProgressReporter() = default;
    // percent in 0..100; message says what is being done ("412,000 rows").
    virtual void progress(int percent, const QString &message) = 0;
    virtual bool isCancelled() const = 0;
};

// Reports nowhere; cancelled when the flag it watches is set.
class SilentProgress final : public ProgressReporter
{
public:
    explicit SilentProgress(const std::atomic_bool *cancel = nullptr) : m_cancel(cancel) {}
    void progress(int, const QString &) override {}
    bool isCancelled() const override { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

private:
    const std::atomic_bool *m_cancel;
};

} // namespace Common
