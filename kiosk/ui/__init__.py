"""Everything Qt: the mirror window, its screens, the adapters that turn threads into signals."""
