"""The reference reactor's counterpart of ``twisted.test``: only its documented helpers."""
