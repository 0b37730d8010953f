#pragma once
// Runs one core function at a time in a worker thread with progress and cancellation.
// Starting a new job cancels the running one; results of superseded jobs are dropped (generation counter).
#include "util/Progress.h"

#include <QFuture>
#include <QObject>
#include <QVariant>
#include <atomic>
#include <functional>
#include <memory>

namespace crw::ui {

class JobController : public QObject {
    Q_OBJECT
public:
    /// The work: runs on a pool thread, reports through the Progress and polls it (Progress::check throws Cancelled).
    /// An exception derived from std::exception becomes failed(what()).
    using Work = std::function<QVariant(Progress&)>;

    explicit JobController(QObject* parent = nullptr);
    /// Cancels the running job and waits for its thread to leave the work function.
    ~JobController() override;

    /// Cancels any running job (its result will be dropped) and starts work. Returns the job's generation.
    quint64 start(Work work);
    /// Requests cancellation of the current job; cancelled() follows once the work has stopped.
    void cancel();
    /// True from start() until the current job's finished/failed/cancelled signal.
    bool isRunning() const { return m_running; }
    /// Blocks until no worker of this controller runs any more (for shutdown and tests; does not deliver signals).
    void waitForIdle();

signals:
    void started();
    /// fraction in [0,1] and the current stage text; only for the current job.
    void progress(double fraction, const QString& stage);
    void finished(const QVariant& result);
    void failed(const QString& message);
    void cancelled();

private:
    struct Outcome;
    void deliver(quint64 generation, const std::shared_ptr<Outcome>& outcome);

    quint64 m_generation = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QList<QFuture<void>> m_futures;
};

} // namespace crw::ui
