#include "JobController.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

namespace crw::ui {

struct JobController::Outcome {
    enum Status { Ok, Failed, WasCancelled } status = Ok;
    QVariant value;
    QString error;
};

JobController::JobController(QObject* parent)
    : QObject(parent)
{
}

JobController::~JobController()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    waitForIdle();
}

quint64 JobController::start(Work work)
{
    if (m_cancelFlag)
        m_cancelFlag->store(true); // the superseded job stops at its next check; its result is dropped
    m_futures.removeIf([](const QFuture<void>& f) { return f.isFinished(); });

    const quint64 generation = ++m_generation;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    m_cancelFlag = flag;
    m_running = true;
    emit started();

    // The worker only touches `this` through queued calls; the destructor waits for every worker first.
    auto onProgress = [this, generation](double fraction, const QString& stage) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, fraction, stage] {
                if (generation == m_generation && m_running)
                    emit progress(fraction, stage);
            },
            Qt::QueuedConnection);
    };
    m_futures.append(QtConcurrent::run([this, generation, flag, onProgress, work = std::move(work)] {
        auto outcome = std::make_shared<Outcome>();
        Progress progress(onProgress, flag);
        try {
            progress.check();
            outcome->value = work(progress);
        } catch (const Cancelled&) {
            outcome->status = Outcome::WasCancelled;
        } catch (const std::exception& e) {
            outcome->status = Outcome::Failed;
            outcome->error = QString::fromUtf8(e.what());
        } catch (...) {
            outcome->status = Outcome::Failed;
            outcome->error = tr("unknown error");
        }
        QMetaObject::invokeMethod(
            this, [this, generation, outcome] { deliver(generation, outcome); }, Qt::QueuedConnection);
    }));
    return generation;
}

void JobController::deliver(quint64 generation, const std::shared_ptr<Outcome>& outcome)
{
    if (generation != m_generation || !m_running)
        return; // stale: a newer job was started, or this one was already reported as cancelled
    m_running = false;
    switch (outcome->status) {
    case Outcome::Ok:
        emit finished(outcome->value);
        break;
    case Outcome::Failed:
        emit failed(outcome->error);
        break;
    case Outcome::WasCancelled:
        emit cancelled();
        break;
    }
}

void JobController::cancel()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
}

void JobController::waitForIdle()
{
    for (QFuture<void>& f : m_futures)
        f.waitForFinished();
    m_futures.clear();
}

} // namespace crw::ui
