#include "mainwindow.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RpcScope"));
    QApplication::setOrganizationName(QStringLiteral("RpcScope"));
    QApplication::setApplicationVersion(QStringLiteral(RPCSCOPE_VERSION));
    rpcscope::MainWindow window;
    window.show();
    return app.exec();
}
