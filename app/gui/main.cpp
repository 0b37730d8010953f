// causal-router-workbench: GUI entry point (shell comes with the GUI work).
#include <QApplication>
#include <QLabel>
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLabel l(QStringLiteral("Causal Router Workbench"));
    l.show();
    return app.exec();
}
