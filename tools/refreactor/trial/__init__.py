"""``twisted.trial``: unit tests on the reactor (``unittest``) and their runner (``python -m
refreactor.trial NAME ...``), whose output and exit status are those of Twisted's trial."""
