#include "AboutBox.h"

#include <QMessageBox>

namespace crw::ui {

void showAboutBox(QWidget* parent)
{
    auto* box = new QMessageBox(parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setWindowTitle(QObject::tr("About Causal Router Workbench"));
    box->setTextFormat(Qt::RichText);
    box->setText(QObject::tr("<h3>Causal Router Workbench %1</h3>"
                             "<p>Trains LLM routers from scarce gold labels and cheap, biased preference labels "
                             "(Meta-Router: the label source is a treatment; its bias is estimated as a CATE and "
                             "corrected).</p>"
                             "<p>Licence: <b>GPL-3.0-or-later</b>. This program comes with ABSOLUTELY NO WARRANTY; "
                             "you may redistribute it under the terms of the GNU General Public License, version 3 "
                             "or (at your option) any later version.</p>"
                             "<p>Built with Qt %2, Eigen, XGBoost and SQLite.</p>")
                     .arg(QStringLiteral(CRW_VERSION), QString::fromLatin1(qVersion())));
    box->setIcon(QMessageBox::Information);
    box->open();
}

} // namespace crw::ui
