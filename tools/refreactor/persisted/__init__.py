"""The reference reactor's counterpart of ``twisted.persisted``: object persistence."""
