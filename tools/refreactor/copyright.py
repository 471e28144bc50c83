"""The version of Twisted's API that refreactor carries out, as ``twisted.copyright``."""

# The Twisted release the test oracle runs (requirements/lock.txt): refreactor's behaviour is
# checked against it, so it is the API refreactor claims. Raise it when the lock moves.
version = "26.10.0"

__all__ = ["version"]
