#pragma once
// Status bar: project path and counts on the right, plus a progress bar with Cancel for background jobs.
#include "store/ProjectStore.h"

#include <QStatusBar>

class QLabel;
class QProgressBar;
class QToolButton;

namespace crw::ui {

class ProjectStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit ProjectStatusBar(QWidget* parent = nullptr);

    /// Shows the project path (empty = no project) and its counts.
    void showProject(const QString& path, const ProjectInfo& info);
    /// "1,234 queries · 5 models · ..." for the counts of a project.
    static QString countsText(const ProjectInfo& info);
    /// Shows (busy = true) or hides the job progress; cancelRequested() fires when Cancel is pressed.
    void showJob(bool busy, const QString& stage = {});
    void setJobProgress(double fraction, const QString& stage);

    QLabel* pathLabel() const { return m_path; }
    QLabel* countsLabel() const { return m_counts; }

signals:
    void cancelRequested();

private:
    QLabel* m_path;
    QLabel* m_counts;
    QLabel* m_stage;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
};

} // namespace crw::ui
