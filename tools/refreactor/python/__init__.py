"""The reference reactor's counterpart of ``twisted.python``: failures and logging."""
