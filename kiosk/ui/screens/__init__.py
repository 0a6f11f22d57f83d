"""Mirror screens: one module each, all sharing the Screen base and the UiContext."""
