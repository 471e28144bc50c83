"""The reference reactor's counterpart of ``twisted.internet``."""
