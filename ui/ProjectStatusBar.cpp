#include "ProjectStatusBar.h"

#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace crw::ui {

ProjectStatusBar::ProjectStatusBar(QWidget* parent)
    : QStatusBar(parent)
    , m_path(new QLabel)
    , m_counts(new QLabel)
    , m_stage(new QLabel)
    , m_progress(new QProgressBar)
    , m_cancel(new QToolButton)
{
    m_path->setObjectName(QStringLiteral("projectPath"));
    m_counts->setObjectName(QStringLiteral("projectCounts"));
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setMaximumWidth(420);
    m_counts->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_cancel->setText(tr("Cancel"));
    addWidget(m_stage);
    addWidget(m_progress);
    addWidget(m_cancel);
    addPermanentWidget(m_counts);
    addPermanentWidget(m_path);
    connect(m_cancel, &QToolButton::clicked, this, &ProjectStatusBar::cancelRequested);
    showJob(false);
    showProject({}, {});
}

QString ProjectStatusBar::countsText(const ProjectInfo& info)
{
    const QLocale l;
    return tr("%1 datasets · %2 queries · %3 models · %4 gold labels · %5 preference labels")
        .arg(l.toString(qlonglong(info.datasets.size())), l.toString(info.queries), l.toString(info.models),
            l.toString(info.goldLabels), l.toString(info.preferenceLabels));
}

void ProjectStatusBar::showProject(const QString& path, const ProjectInfo& info)
{
    if (path.isEmpty()) {
        m_path->setText(tr("No project open"));
        m_path->setToolTip(QString());
        m_counts->clear();
        return;
    }
    const QString native = QDir::toNativeSeparators(path);
    m_path->setToolTip(native);
    m_path->setText(m_path->fontMetrics().elidedText(native, Qt::ElideMiddle, m_path->maximumWidth()));
    m_counts->setText(countsText(info));
    m_counts->setMinimumWidth(m_counts->sizeHint().width());
}

void ProjectStatusBar::showJob(bool busy, const QString& stage)
{
    m_stage->setVisible(busy);
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_stage->setText(stage);
    if (busy)
        m_progress->setValue(0);
}

void ProjectStatusBar::setJobProgress(double fraction, const QString& stage)
{
    m_progress->setValue(int(fraction * 1000.0 + 0.5));
    if (!stage.isEmpty())
        m_stage->setText(stage);
}

} // namespace crw::ui
