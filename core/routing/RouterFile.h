#pragma once
// Reading and writing router files on disk.
#include "routing/RouterSpec.h"

namespace crw {

/// Reads and validates a router file; throws RouterFormatError (also for an unreadable file).
RouterSpec readRouterFile(const QString& path);
/// Writes spec as indented JSON; throws std::runtime_error when the file cannot be written.
void writeRouterFile(const RouterSpec& spec, const QString& path);

} // namespace crw
