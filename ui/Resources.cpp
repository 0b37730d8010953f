#include "Resources.h"

#include <QtGlobal>

static void crwInitQrc()
{
    Q_INIT_RESOURCE(resources);
}

namespace crw::ui {

void initResources()
{
    static const bool done = [] {
        crwInitQrc();
        return true;
    }();
    (void)done;
}

} // namespace crw::ui
