"""``lore lint``: Twisted Lore's checks of a page's markup and more, each finding at its place."""
