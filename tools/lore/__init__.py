"""lore: extract, translate and build Lore XHTML howto documents."""

__version__ = "0.1.0"
