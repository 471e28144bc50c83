"""Job 2, the site: localized pages -> one Sphinx HTML site per language (``lore build``)."""
