"""A service that remembers how often it was started, through .tap persistence.

Run as a program, this file writes counter.tap: an Application holding one
StartCounter.
"""

from twisted.application import service
from twisted.internet import reactor
from twisted.persisted import sob


class StartCounter(service.Service):
    """Count the starts: an attribute, so saved with the application."""

    starts = 0

    def startService(self):
        super().startService()
        self.starts += 1
        print(f"this application has started {self.starts} time(s)")
        # A real service would run for a while; this one ends at once.
        reactor.callLater(0, reactor.stop)


def write_tap():
    application = service.Application("counter")
    StartCounter().setServiceParent(application)
    sob.IPersistable(application).save(filename="counter.tap")
    print("wrote counter.tap")


if __name__ == "__main__":
    # Pickles name classes by module: import this file as "counter", not as
    # "__main__", so that twistd finds StartCounter when it loads the .tap.
    import counter

    counter.write_tap()
