"""``lore.sphinx``, the extension name ``conf.py`` lists: lore's Sphinx extension, kept in
``lore.site.sphinx`` beside the rest of the site job."""

from lore.site.sphinx import setup

__all__ = ["setup"]
