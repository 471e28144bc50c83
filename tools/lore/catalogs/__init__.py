"""Job 1, the catalogs: XHTML pages -> gettext template -> checked catalogs -> localized XHTML."""
