"""An application for twistd: an echo service on TCP, held by an Application."""

from twisted.application import internet, service
from twisted.internet import protocol


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


application = service.Application("echoapp")
echo = internet.TCPServer(18007, protocol.Factory.forProtocol(Echo),
                          interface="127.0.0.1")
echo.setServiceParent(application)
