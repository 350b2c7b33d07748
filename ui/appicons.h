#pragma once

#include <QIcon>

namespace rpcscope {

/// RpcScope's own icons, painted in code at every size asked for (the application icon follows
/// resources/icons/rpcscope.svg, which the desktop file uses). Painting avoids depending on Qt's SVG plugin.
namespace appicons {

QIcon application();
QIcon sideBySide();
QIcon stacked();
QIcon colourByField();

} // namespace appicons
} // namespace rpcscope
