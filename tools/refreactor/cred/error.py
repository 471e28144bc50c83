"""The errors of an authentication, mirroring ``twisted.cred.error``."""


class Unauthorized(Exception):
    """Access to a resource was refused."""


class LoginFailed(Exception):
    """A login did not give an avatar."""


class UnauthorizedLogin(LoginFailed, Unauthorized):
    """The credentials were refused: wrong password, unknown user."""


class UnhandledCredentials(LoginFailed):
    """No checker of the portal handles this kind of credentials."""


class LoginDenied(LoginFailed):
    """The realm refused an avatar to an authenticated user."""
