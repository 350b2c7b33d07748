#include "mainwindow.h"

namespace rpcscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("RpcScope"));
}

} // namespace rpcscope
