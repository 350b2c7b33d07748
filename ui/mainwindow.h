#pragma once

#include <QMainWindow>

namespace rpcscope {

/// RpcScope's main window: call list, details and the panels around them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace rpcscope
