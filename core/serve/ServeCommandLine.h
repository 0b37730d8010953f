#pragma once
// The shell command that serves an exported router file (shown by the GUI after "Export router config").
#include <QString>

namespace crw {

/// "causal-router serve '<routerPath>' --port <port>", the path quoted for a POSIX shell (single quotes; a single
/// quote inside becomes '\''), so it can be pasted as is.
QString serveCommandLine(const QString& routerPath, int port = 8640);

} // namespace crw
