"""Print which of the reactor interfaces the running reactor provides."""

from twisted.internet import interfaces, reactor

NAMES = [
    "IReactorCore", "IReactorTime", "IReactorTCP", "IReactorSSL",
    "IReactorUNIX",
    "IReactorUDP", "IReactorMulticast", "IReactorProcess", "IReactorThreads",
]

for name in NAMES:
    provided = getattr(interfaces, name).providedBy(reactor)
    print(f"{name:18} {'yes' if provided else 'no'}")
