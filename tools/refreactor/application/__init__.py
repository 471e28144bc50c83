"""The reference reactor's counterpart of ``twisted.application``: services and applications."""
