"""Protocol policies, mirroring ``twisted.protocols.policies``: for now, ``TimeoutMixin``."""

from collections.abc import Callable
from typing import Any

from refreactor.internet import error


class TimeoutMixin:
    """Mixin giving a protocol one idle timeout: when it runs out, ``timeoutConnection``.

    ``setTimeout(seconds)`` arms (or re-arms) it, ``setTimeout(None)`` disarms it, and
    ``resetTimeout()`` restarts the count, typically whenever data arrives.
    """

    timeOut: float | None = None
    transport: Any = None
    _timeoutCall: Any = None

    def callLater(self, period: float, func: Callable[[], Any]) -> Any:
        """Schedule ``func`` after ``period`` seconds (override to use another clock)."""
        from refreactor.internet import reactor

        return reactor.callLater(period, func)

    def resetTimeout(self) -> None:
        """Start the count again from ``timeOut``, unless disarmed or already expired."""
        if self._timeoutCall is not None and self.timeOut is not None:
            self._timeoutCall.reset(self.timeOut)

    def setTimeout(self, period: float | None) -> float | None:
        """Set the timeout to ``period`` seconds (None: no timeout); return the previous one."""
        previous, self.timeOut = self.timeOut, period
        if self._timeoutCall is None:
            if period is not None:
                self._timeoutCall = self.callLater(period, self._timedOut)
        elif period is None:
            try:
                self._timeoutCall.cancel()
            except (error.AlreadyCancelled, error.AlreadyCalled):
                pass
            self._timeoutCall = None
        else:
            self._timeoutCall.reset(period)
        return previous

    def _timedOut(self) -> None:
        self._timeoutCall = None
        self.timeoutConnection()

    def timeoutConnection(self) -> None:
        """The timeout ran out: drop the connection (override to differ)."""
        self.transport.loseConnection()
