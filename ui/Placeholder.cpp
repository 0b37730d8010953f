// ui placeholder (replaced by the GUI shell)
namespace crw::ui { int placeholder() { return 0; } }
