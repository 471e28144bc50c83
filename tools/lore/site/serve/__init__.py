"""``lore serve``: build, serve, watch, rebuild what a change touches, reload the open pages."""
