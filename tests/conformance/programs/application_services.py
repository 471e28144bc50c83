"""Application and services: adapters, start/stop order, names, timers, TCP, save and load."""

import os

from twisted.application import internet, service
from twisted.internet import defer, protocol, reactor, task
from twisted.persisted import sob


class Loud(service.Service):
    def startService(self):
        service.Service.startService(self)
        print("start", self.name)

    def stopService(self):
        service.Service.stopService(self)
        print("stop", self.name)


class Slow(Loud):
    def stopService(self):
        Loud.stopService(self)
        d = defer.Deferred()
        reactor.callLater(0.01, d.callback, "slow stopped")
        return d


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"hello")

    def dataReceived(self, data):
        print("client got", data)
        self.transport.loseConnection()
        self.factory.done.callback(None)


application = service.Application("demo", uid=None, gid=None)
root = service.IService(application)
print("root name:", root.name)
print("collection is root:", service.IServiceCollection(application) is root)
print("process:", service.IProcess(application).uid, service.IProcess(application).gid)
print("persistable name:", sob.IPersistable(application).name)

for name, cls in [("a", Loud), ("b", Slow), ("c", Loud)]:
    s = cls()
    s.setName(name)
    s.setServiceParent(application)
print("children:", [s.name for s in root])
try:
    dup = service.Service()
    dup.setName("a")
    dup.setServiceParent(application)
except RuntimeError as e:
    print("duplicate name:", e)
try:
    root.getServiceNamed("a").setName("z")
except RuntimeError as e:
    print("rename with parent:", e)

clock = task.Clock()
ticks = []
timer = internet.TimerService(10, ticks.append, "tick")
timer.clock = clock
timer.startService()
clock.advance(10)
clock.advance(10)
timer.stopService()
clock.advance(100)
print("timer ticks:", ticks)

server = internet.TCPServer(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
server.setName("tcp")
server.setServiceParent(application)


def main():
    root.privilegedStartService()
    root.startService()
    print("running:", root.running, [s.running for s in root])
    factory = protocol.ClientFactory.forProtocol(Greeter)
    factory.done = defer.Deferred()
    port = server._port.getHost().port
    client = internet.TCPClient("127.0.0.1", port, factory)
    client.startService()
    factory.done.addCallback(lambda _: client.stopService())
    factory.done.addCallback(lambda _: root.stopService())
    factory.done.addCallback(lambda results: print("stop results:", results))
    factory.done.addCallback(lambda _: reactor.stop())


reactor.callWhenRunning(main)
reactor.run()
print("running after stop:", root.running)

sob.IPersistable(application).save("shutdown")
print("saved:", os.path.exists("demo-shutdown.tap"))
loaded = service.loadApplication("demo-shutdown.tap", "pickle")
loadedRoot = service.IService(loaded)
print("loaded:", loadedRoot.name, [s.name for s in loadedRoot],
      [s.running for s in loadedRoot], loadedRoot.getServiceNamed("tcp").args[0])
