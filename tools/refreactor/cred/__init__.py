"""Authentication, mirroring ``twisted.cred``: credentials, checkers, realms and the portal."""
