#pragma once
// The training panel: model pair, learners, nuisance model, folds, normalisation, propensity mode, seed, gold and test
// sizes, bootstrap replicates, overlap minimum density ratio; Run / Cancel; a progress bar with the current stage; a
// log of warnings and positivity remarks. Training runs runTraining() through a JobController (worker thread, throttled
// progress, cancel, stale results dropped), so the window stays responsive. XGBoost gets one thread (results do not
// depend on it).
#include "pipeline/TrainingPipeline.h"
#include "routing/PoolTraining.h"
#include "store/PairCatalog.h"

#include <QElapsedTimer>
#include <QMap>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
QT_END_NAMESPACE

namespace crw::ui {

class JobController;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    /// XGBoost threads of a GUI training run.
    static constexpr int kGuiThreads = 1;

    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;

    /// Shows the models of this project (empty: none). The model list is read in the background; catalogReady()
    /// follows. A running training keeps running and its run is stored in the project it was started on.
    void setProject(const QString& projectPath);
    QString projectPath() const { return m_project; }
    /// The project the current (or last) training was started on.
    QString runProject() const { return m_runningProject; }

    /// The configuration the widgets describe (threads = kGuiThreads).
    TrainingConfig config() const;
    /// Sets the widgets from config (models not in the lists are added to them).
    void setConfig(const TrainingConfig& config);
    /// Checks exactly the given learners.
    void setLearners(const std::vector<RouterKind>& routers);
    /// Preset: Meta R, Meta DR and every baseline.
    void applyPresetRDrBaselines();

    /// Starts training with config(); returns false (and says why in the log) when the settings are incomplete or
    /// no project is open.
    bool start();
    /// Sets the widgets from config and starts.
    bool start(const TrainingConfig& config);
    /// The pool the "Pool (many models)" box describes: its checked models, its reference, and the panel's settings
    /// (the first checked Meta-Router, else Meta R; nuisance, folds, seed, gold size per pair, test size, dimensions).
    PoolConfig poolConfig() const;
    /// Checks exactly these models of the pool list and selects the reference (empty: the cheapest).
    void setPool(const QStringList& models, const QString& reference);
    /// Starts training the pool as train-pool does and stores it as a run of kind "pool" (trainAndStorePool) through
    /// the same JobController as pair training (worker thread, throttled progress, cancel, stale results dropped);
    /// returns false (and says why in the log) with fewer than two checked models, a reference outside the pool or
    /// no test size.
    bool startPool();
    /// Requests cancellation of the running training.
    void cancel();
    bool isRunning() const;

    QComboBox* primaryBox() const { return m_primary; }
    QComboBox* alternativeBox() const { return m_alternative; }
    QCheckBox* learnerBox(RouterKind kind) const { return m_learners.value(kind); }
    QComboBox* nuisanceBox() const { return m_nuisance; }
    QSpinBox* foldsBox() const { return m_folds; }
    QComboBox* normalizationBox() const { return m_normalization; }
    QComboBox* propensityBox() const { return m_propensity; }
    QSpinBox* seedBox() const { return m_seed; }
    QSpinBox* goldSizeBox() const { return m_goldSize; }
    QSpinBox* testSizeBox() const { return m_testSize; }
    QSpinBox* dimBox() const { return m_dim; }
    /// Bootstrap replicates of the main router's psi model (0 = none; never 1).
    QSpinBox* bootstrapBox() const { return m_bootstrap; }
    /// Minimum gold/preference density ratio of the overlap-restricted Meta-Routers (enabled when one is checked).
    QDoubleSpinBox* overlapRatioBox() const { return m_overlapRatio; }
    QPushButton* runButton() const { return m_run; }
    QListWidget* poolModelList() const { return m_poolModels; }
    QComboBox* poolReferenceBox() const { return m_poolReference; }
    QPushButton* runPoolButton() const { return m_runPool; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* stageLabel() const { return m_stage; }
    QPlainTextEdit* log() const { return m_log; }
    JobController* job() const { return m_job; }
    const PairCatalog& catalog() const { return m_catalog; }

signals:
    /// The model list of the current project was read.
    void catalogReady();
    void runStarted();
    /// A run was stored; summary is the runTraining summary.
    void runFinished(qint64 runId, const QJsonObject& summary);
    void runFailed(const QString& message);
    void runCancelled();
    /// Running state changed (also on finish, failure and cancel).
    void busyChanged(bool busy);

private:
    void buildUi();
    void onCatalog(quint64 generation, const PairCatalog& catalog, const QString& error);
    void onPairChanged();
    void onGoldCount(quint64 generation, qint64 goldQueries);
    void onProgress(double fraction, const QString& stage);
    void onFinished(const QVariant& result);
    void onFailed(const QString& message);
    void onCancelled();
    void setBusy(bool busy);
    void appendLog(const QString& line);
    void updateRunEnabled();

    QString m_project, m_runningProject;
    PairCatalog m_catalog;
    quint64 m_catalogGeneration = 0, m_countGeneration = 0;
    bool m_catalogLoaded = false;
    bool m_testSizeEdited = false, m_settingDefault = false;
    QElapsedTimer m_clock;
    JobController* m_job;

    QComboBox* m_primary;
    QComboBox* m_alternative;
    QLabel* m_pairInfo;
    QMap<RouterKind, QCheckBox*> m_learners;
    QComboBox* m_nuisance;
    QSpinBox* m_folds;
    QComboBox* m_normalization;
    QComboBox* m_propensity;
    QSpinBox* m_seed;
    QSpinBox* m_goldSize;
    QSpinBox* m_testSize;
    QSpinBox* m_dim;
    QSpinBox* m_bootstrap;
    QDoubleSpinBox* m_overlapRatio;
    QPushButton* m_run;
    QGroupBox* m_poolBox;
    QListWidget* m_poolModels;
    QComboBox* m_poolReference;
    QLabel* m_poolInfo;
    QPushButton* m_runPool;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_stage;
    QPlainTextEdit* m_log;
    QList<QWidget*> m_form; ///< disabled while training
};

} // namespace crw::ui
