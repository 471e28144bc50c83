"""The reference reactor's counterpart of ``twisted.protocols``: framing and policy helpers."""
