"""refreactor: a reference reactor carrying out Twisted's documented interfaces.

PYTEST_DONT_REWRITE: a library, imported before pytest starts when a test program runs on it.
"""
