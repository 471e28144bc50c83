"""Exceptions of the reference reactor, mirroring ``twisted.internet.error``.

Where Twisted's messages are observable (``str(exc)``, ``Failure.getErrorMessage``) the
reference produces the same text, so transcripts compare equal under both reactors.
"""

import errno
import socket


class _Described(Exception):
    """An error whose text is a fixed description, optionally followed by details."""

    description = ""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)

    def __str__(self) -> str:
        details = " ".join(str(a) for a in self.args)
        text = self.description or ""
        if details:
            text = f"{text}: {details}" if text else details
        return f"{text}." if text else ""


class BindError(_Described):
    """Binding to an interface failed."""

    description = "An error occurred binding to an interface"


class CannotListenError(BindError):
    """A port could not be bound for listening."""

    def __init__(self, interface: str, port: object, socketError: BaseException) -> None:
        super().__init__(interface, port, socketError)
        self.interface = interface
        self.port = port
        self.socketError = socketError

    def __str__(self) -> str:
        return f"Couldn't listen on {self.interface or 'any'}:{self.port}: {self.socketError}."


class MulticastJoinError(Exception):
    """Joining a multicast group failed."""


class MessageLengthError(_Described):
    """A datagram was too long to send."""

    description = "Message is too long to send"


class DNSLookupError(OSError):
    """A host name could not be resolved."""

    def __str__(self) -> str:
        details = " ".join(str(a) for a in self.args)
        return f"DNS lookup failed: {details}." if details else "DNS lookup failed."


class ConnectInProgressError(Exception):
    """A connection attempt is already under way."""


class ConnectError(Exception):
    """A connection attempt failed; ``osError`` is the system error, if any."""

    description = "An error occurred while connecting"

    def __init__(self, osError: object = None, string: str = "") -> None:
        self.osError = osError
        Exception.__init__(self, string)

    def __str__(self) -> str:
        text = self.description
        if self.osError:
            text = f"{text}: {self.osError}"
        if self.args[0]:
            text = f"{text}: {self.args[0]}"
        return f"{text}."


class ConnectBindError(ConnectError):
    """The local address of a client could not be bound."""

    description = "Couldn't bind"


class UnknownHostError(ConnectError):
    """The host to connect to is unknown."""

    description = "Hostname couldn't be looked up"


class NoRouteError(ConnectError):
    """No route leads to the host."""

    description = "No route to host"


class ConnectionRefusedError(ConnectError):
    """The other side refused the connection."""

    description = "Connection was refused by other side"


class TCPTimedOutError(ConnectError):
    """The TCP stack gave up connecting."""

    description = "TCP connection timed out"


class BadFileError(ConnectError):
    """The path given for a UNIX socket is unusable."""

    description = "File used for UNIX socket is no good"


class ServiceNameUnknownError(ConnectError):
    """A service name given as port is unknown."""

    description = "Service name given as port is unknown"


class UserError(ConnectError):
    """The user abandoned the connection attempt."""

    description = "User aborted connection"


class TimeoutError(UserError):  # noqa: A001 - the documented Twisted name
    """The connection attempt took longer than its timeout."""

    description = "User timeout caused connection failure"


class SSLError(ConnectError):
    """A TLS error occurred while connecting."""

    description = "An SSL error occurred"


class VerifyError(Exception):
    """A certificate could not be verified."""


class PeerVerifyError(VerifyError):
    """The peer's certificate could not be verified."""


class CertificateError(Exception):
    """A certificate is unusable."""


_CONNECT_ERRORS = {
    errno.ENETUNREACH: NoRouteError,
    errno.EHOSTUNREACH: NoRouteError,
    errno.ECONNREFUSED: ConnectionRefusedError,
    errno.ETIMEDOUT: TCPTimedOutError,
}


def getConnectError(e: BaseException) -> ConnectError:
    """Translate an OSError raised while connecting into the matching ConnectError."""
    if not isinstance(e, OSError) or len(e.args) != 2:
        return ConnectError(string=str(e))
    number, string = e.args
    if isinstance(e, socket.gaierror):
        return UnknownHostError(number, string)
    return _CONNECT_ERRORS.get(number, ConnectError)(number, string)


class ConnectionClosed(_Described):
    """A connection closed, cleanly or not."""


class ConnectionLost(ConnectionClosed):
    """The connection was lost in an unclean way."""

    description = "Connection to the other side was lost in a non-clean fashion"


class ConnectionAborted(ConnectionLost):
    """The connection was closed locally with ``abortConnection``."""

    description = "Connection was aborted locally using ITCPTransport.abortConnection"


class FileDescriptorOverrun(ConnectionLost):
    """More descriptors were sent on a UNIX connection than bytes written to carry them."""

    description = "A mis-use of sendFileDescriptor closed the connection"


class ConnectionDone(ConnectionClosed):
    """The connection was closed cleanly."""

    description = "Connection was closed cleanly"


class ConnectionFdescWentAway(ConnectionLost):
    """The descriptor of the connection was closed behind the reactor's back."""

    description = "Uh"


class AlreadyCalled(ValueError):
    """The delayed call has already run."""

    def __str__(self) -> str:
        return "Tried to cancel an already-called event."


class AlreadyCancelled(ValueError):
    """The delayed call has already been cancelled."""

    def __str__(self) -> str:
        return "Tried to cancel an already-cancelled event."


class ProcessDone(ConnectionDone):
    """A child process exited with status 0."""

    def __init__(self, status: int) -> None:
        Exception.__init__(self, "process finished with exit code 0")
        self.exitCode = 0
        self.signal = None
        self.status = status

    def __str__(self) -> str:
        return "A process has ended without apparent errors: process finished with exit code 0."


class ProcessTerminated(ConnectionLost):
    """A child process exited with a non-zero code or was killed by a signal."""

    def __init__(
        self, exitCode: int | None = None, signal: int | None = None, status: int | None = None
    ) -> None:
        self.exitCode = exitCode
        self.signal = signal
        self.status = status
        text = "process ended"
        if exitCode is not None:
            text += f" with exit code {exitCode}"
        if signal is not None:
            text += f" by signal {signal}"
        Exception.__init__(self, text)

    def __str__(self) -> str:
        return f"A process has ended with a probable error condition: {self.args[0]}."


class ProcessExitedAlready(Exception):
    """The child process has already exited."""


class NotConnectingError(RuntimeError):
    """``stopConnecting`` was called on a connector that was not connecting."""

    def __str__(self) -> str:
        return "The Connector was not connecting when it was asked to stop connecting."


class NotListeningError(RuntimeError):
    """``stopListening`` was called on a port that was not listening."""

    def __str__(self) -> str:
        return "The Port was not listening when it was asked to stop listening."


class ReactorNotRunning(RuntimeError):
    """The reactor was asked to stop while it was not running."""


class ReactorNotRestartable(RuntimeError):
    """A stopped reactor was asked to run again."""


class ReactorAlreadyRunning(RuntimeError):
    """The reactor was asked to run while already running."""


class ReactorAlreadyInstalledError(AssertionError):
    """A reactor was installed while another already was."""


class ConnectingCancelledError(Exception):
    """A connection attempt was cancelled before it succeeded."""

    def __init__(self, address: object) -> None:
        super().__init__(address)
        self.address = address


class NoProtocol(Exception):
    """The factory given to a client endpoint built no protocol (its buildProtocol gave None)."""


class UnsupportedAddressFamily(Exception):
    """The address family is not supported here."""


class UnsupportedSocketType(Exception):
    """The socket type is not supported here."""


class AlreadyListened(Exception):
    """The socket is already listening."""


class InvalidAddressError(ValueError):
    """An address could not be parsed."""

    def __init__(self, address: object, message: str) -> None:
        super().__init__(address, message)
        self.address = address
        self.message = message
