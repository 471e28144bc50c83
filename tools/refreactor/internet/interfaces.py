"""Interface declarations of the reference reactor, mirroring ``twisted.internet.interfaces``.

Every contract here is stated in our own words; the names and signatures follow the documented
Twisted API so that programs written against Twisted run unchanged on ``refreactor``.
"""

from dataclasses import dataclass

from zope.interface import Attribute, Interface

# -- addresses ---------------------------------------------------------------------------------


class IAddress(Interface):
    """Marker for an endpoint address (a host/port pair, a socket path, ...)."""


# -- the reactor -------------------------------------------------------------------------------


class IReactorCore(Interface):
    """The event loop itself: starting, stopping, and the system events around both."""

    running = Attribute("True from the end of startup until the loop stops or crashes.")

    def resolve(name, timeout=(1, 3, 11, 45)):
        """Look up the IPv4 address of a host name; returns a Deferred firing with it."""

    def run():
        """Fire the startup event, then loop until stopped, then return."""

    def stop():
        """Ask a running loop to fire the shutdown event and finish; ReactorNotRunning if not."""

    def crash():
        """Leave the loop at once, without firing the shutdown event."""

    def iterate(delay=0):
        """Run one pass of the loop, waiting at most ``delay`` seconds for I/O."""

    def fireSystemEvent(eventType):
        """Run the before, during and after triggers of ``eventType`` in that order.

        Deferreds returned by "before" triggers are waited for before "during" starts.
        """

    def addSystemEventTrigger(phase, eventType, callable, *args, **kw):
        """Register ``callable`` for a phase ("before", "during", "after") of an event.

        Returns an opaque ID for ``removeSystemEventTrigger``.
        """

    def removeSystemEventTrigger(triggerID):
        """Forget a trigger registered by ``addSystemEventTrigger``."""

    def callWhenRunning(callable, *args, **kw):
        """Call now if the loop is running, else once startup completes.

        Returns a trigger ID when the call was deferred, else None.
        """


class IReactorTime(Interface):
    """Time-based scheduling."""

    def seconds():
        """The reactor's notion of now, a float in seconds."""

    def callLater(delay, callable, *args, **kw):
        """Call ``callable(*args, **kw)`` after ``delay`` seconds; returns an IDelayedCall.

        Calls falling due together run in the order they were scheduled.
        """

    def getDelayedCalls():
        """The IDelayedCall objects still waiting to run."""


class IDelayedCall(Interface):
    """A handle on one call scheduled with ``callLater``."""

    def getTime():
        """The absolute time (as given by ``seconds()``) at which the call will run."""

    def cancel():
        """Prevent the call from running; AlreadyCalled or AlreadyCancelled if too late."""

    def delay(secondsLater):
        """Move the call ``secondsLater`` seconds further into the future."""

    def reset(secondsFromNow):
        """Reschedule the call to run ``secondsFromNow`` seconds after now."""

    def active():
        """True while the call has neither run nor been cancelled."""


class IReactorFromThreads(Interface):
    """The single reactor entry point that other threads may use."""

    def callFromThread(callable, *args, **kw):
        """From any thread, have the loop thread call ``callable`` soon, in submission order."""


class IReactorThreads(IReactorFromThreads):
    """Running blocking work on a pool of threads."""

    def getThreadPool():
        """The reactor's thread pool, created on first use."""

    def callInThread(callable, *args, **kwargs):
        """Run ``callable`` in a pool thread."""

    def suggestThreadPoolSize(size):
        """Set the maximum number of pool threads."""


class IReactorFDSet(Interface):
    """Watching selectables (objects with ``fileno``) for readability and writability.

    A reader provides ``doRead``, a writer ``doWrite``; both provide ``fileno``,
    ``connectionLost(reason)`` and ``logPrefix``. When ``doRead``/``doWrite`` returns a
    true value or raises, the selectable is removed and its ``connectionLost`` called.
    """

    def addReader(reader):
        """Call ``reader.doRead()`` whenever its descriptor is readable."""

    def addWriter(writer):
        """Call ``writer.doWrite()`` whenever its descriptor is writable."""

    def removeReader(reader):
        """Stop watching ``reader`` for readability."""

    def removeWriter(writer):
        """Stop watching ``writer`` for writability."""

    def removeAll():
        """Stop watching everything except internal selectables; return what was removed."""

    def getReaders():
        """The selectables watched for reading."""

    def getWriters():
        """The selectables watched for writing."""


class IReactorPluggableResolver(Interface):
    """A reactor whose host name lookups can be replaced."""

    def installResolver(resolver):
        """Use ``resolver`` (with ``getHostByName``) for lookups; return the previous one."""


class IReactorTCP(Interface):
    """TCP servers and clients."""

    def listenTCP(port, factory, backlog=50, interface=""):
        """Accept TCP connections on ``port``, one protocol per connection from ``factory``.

        Returns an IListeningPort; raises CannotListenError if the port cannot be bound.
        """

    def connectTCP(host, port, factory, timeout=30, bindAddress=None):
        """Start a TCP connection with a ClientFactory; returns an IConnector."""


@dataclass(frozen=True)
class _Binding:
    """Where and how to bind a socket locally; made by ``tcp.makeBinding``."""

    _address: str | None = None
    _port: int = 0
    _reuseAddress: bool = False
    _reusePort: bool = False


class IReactorSocket(Interface):
    """Sockets made elsewhere (inherited, passed over a UNIX socket) run by the reactor.

    Each method takes a descriptor the caller still owns (the reactor works on a duplicate,
    so the caller may close its own at once) and raises UnsupportedAddressFamily for a family
    it cannot serve.
    """

    def adoptStreamPort(fileDescriptor, addressFamily, factory):
        """Accept connections on a bound, listening stream socket; returns an IListeningPort."""

    def adoptStreamConnection(fileDescriptor, addressFamily, factory):
        """Run a protocol from ``factory`` on a connected stream socket."""

    def adoptDatagramPort(fileDescriptor, addressFamily, protocol, maxPacketSize=8192):
        """Deliver the datagrams of a bound datagram socket to ``protocol``."""


class IReactorSSL(Interface):
    """TLS servers and clients."""

    def connectSSL(host, port, factory, contextFactory, timeout=30, bindAddress=None):
        """Like ``connectTCP``, with TLS set up by ``contextFactory``."""

    def listenSSL(port, factory, contextFactory, backlog=50, interface=""):
        """Like ``listenTCP``, with TLS set up by ``contextFactory``."""


class IReactorUNIX(Interface):
    """UNIX-domain stream sockets."""

    def connectUNIX(address, factory, timeout=30, checkPID=0):
        """Connect to the socket at path ``address``; returns an IConnector."""

    def listenUNIX(address, factory, backlog=50, mode=0o666, wantPID=0):
        """Listen on the socket path ``address`` with permissions ``mode``.

        With ``wantPID``, a lock file ``address + '.lock'`` records our process ID.
        """


class IReactorUNIXDatagram(Interface):
    """UNIX-domain datagram sockets."""

    def connectUNIXDatagram(address, protocol, maxPacketSize=8192, mode=0o666, bindAddress=None):
        """Connect a datagram protocol to the socket path ``address``."""

    def listenUNIXDatagram(address, protocol, maxPacketSize=8192, mode=0o666):
        """Receive datagrams on the socket path ``address``."""


class IReactorUDP(Interface):
    """UDP sockets."""

    def listenUDP(port, protocol, interface="", maxPacketSize=8192):
        """Bind a DatagramProtocol to a UDP port; returns an IListeningPort."""


class IReactorMulticast(Interface):
    """UDP multicast sockets."""

    def listenMulticast(port, protocol, interface="", maxPacketSize=8192, listenMultiple=False):
        """Bind a DatagramProtocol to a multicast-capable UDP port."""


class IReactorProcess(Interface):
    """Child processes."""

    def spawnProcess(
        processProtocol,
        executable,
        args=(),
        env={},  # noqa: B006 - an interface signature, never called
        path=None,
        uid=None,
        gid=None,
        usePTY=0,
        childFDs=None,
    ):
        """Start ``executable`` with ``args``, connected to ``processProtocol``.

        Returns an IProcessTransport.
        """


# -- ports and connectors ----------------------------------------------------------------------


class IListeningPort(Interface):
    """A socket accepting connections or datagrams."""

    def startListening():
        """Bind and start accepting; raises CannotListenError on failure."""

    def stopListening():
        """Close the socket; may return a Deferred firing once it is closed."""

    def getHost():
        """The IAddress the port is bound to."""


class IConnector(Interface):
    """A client's connection attempt, restartable after failure or loss."""

    def stopConnecting():
        """Abandon an attempt in progress."""

    def disconnect():
        """Abandon an attempt in progress, or drop the established connection."""

    def connect():
        """Try (again) to connect."""

    def getDestination():
        """The IAddress being connected to."""


# -- transports --------------------------------------------------------------------------------


class ITransport(Interface):
    """The writing half of a connection as seen by its protocol."""

    def write(data):
        """Queue bytes for sending; never blocks."""

    def writeSequence(data):
        """Queue each bytes object of an iterable, in order."""

    def loseConnection():
        """Close once every queued byte has been sent."""

    def getPeer():
        """The IAddress of the remote end."""

    def getHost():
        """The IAddress of the local end."""


class ITCPTransport(ITransport):
    """A TCP connection."""

    def loseWriteConnection():
        """Half-close: send the queued bytes, then shut down the sending direction."""

    def abortConnection():
        """Close now, dropping whatever is still queued."""

    def getTcpNoDelay():
        """Whether Nagle's algorithm is disabled."""

    def setTcpNoDelay(enabled):
        """Disable (true) or enable (false) Nagle's algorithm."""

    def getTcpKeepAlive():
        """Whether TCP keep-alive probes are on."""

    def setTcpKeepAlive(enabled):
        """Turn TCP keep-alive probes on or off."""


class IUNIXTransport(ITransport):
    """A UNIX stream connection, which can also carry file descriptors."""

    def sendFileDescriptor(descriptor):
        """Send a duplicate of ``descriptor`` to the peer, ahead of the next bytes written.

        Each descriptor travels with written bytes, so write at least once per descriptor.
        """


class ISSLTransport(ITCPTransport):
    """A TLS connection."""

    def getPeerCertificate():
        """The certificate the peer presented (an ``OpenSSL.crypto.X509``), or None."""


class ITLSTransport(ITCPTransport):
    """A TCP connection that can switch to TLS part-way through."""

    def startTLS(contextFactory, normal=True):
        """Speak TLS from now on (what was written before goes out in clear first).

        ``contextFactory`` is an IOpenSSLContextFactory or a connection creator; ``normal``
        keeps the TCP roles (the connecting side is the TLS client), false swaps them.
        """


class ISystemHandle(Interface):
    """An object that can reveal the platform object underneath it."""

    def getHandle():
        """The underlying object (for a TLS transport, its ``OpenSSL.SSL.Connection``)."""


class IHandshakeListener(Interface):
    """A protocol that wants to know when its TLS handshake has completed."""

    def handshakeCompleted():
        """The handshake succeeded: the peer's certificate can now be read."""


class INegotiated(Interface):
    """A connection whose application protocol may have been agreed during the handshake."""

    negotiatedProtocol = Attribute("The protocol agreed over ALPN (bytes), or None.")


class IOpenSSLContextFactory(Interface):
    """The original TLS configuration contract: it makes pyOpenSSL contexts."""

    def getContext():
        """An ``OpenSSL.SSL.Context`` for a new connection."""


class IOpenSSLClientConnectionCreator(Interface):
    """Makes the pyOpenSSL connection of each new TLS client connection."""

    def clientConnectionForTLS(tlsProtocol):
        """An ``OpenSSL.SSL.Connection`` (memory BIO) for the transport ``tlsProtocol``."""


class IOpenSSLServerConnectionCreator(Interface):
    """Makes the pyOpenSSL connection of each new TLS server connection."""

    def serverConnectionForTLS(tlsProtocol):
        """An ``OpenSSL.SSL.Connection`` (memory BIO) for the transport ``tlsProtocol``."""


class ICipher(Interface):
    """A TLS cipher suite."""

    fullName = Attribute("Its OpenSSL name, as text.")


class IAcceptableCiphers(Interface):
    """The cipher suites a TLS context may negotiate."""

    def selectCiphers(availableCiphers):
        """From the ICipher tuple ``availableCiphers``, those allowed, most preferred first."""


class IUDPTransport(Interface):
    """A UDP socket as seen by its DatagramProtocol."""

    def write(packet, addr=None):
        """Send one datagram to ``addr`` (or to the connected peer when ``addr`` is None)."""

    def connect(host, port):
        """Restrict sending and receiving to one peer."""

    def getHost():
        """The IAddress the socket is bound to."""

    def stopListening():
        """Close the socket."""

    def setBroadcastAllowed(enabled):
        """Allow or forbid sending to broadcast addresses."""

    def getBroadcastAllowed():
        """Whether sending to broadcast addresses is allowed."""


class IMulticastTransport(Interface):
    """Multicast controls of a UDP socket."""

    def getOutgoingInterface():
        """The interface address used for outgoing multicast."""

    def setOutgoingInterface(addr):
        """Send multicast through the interface with address ``addr``."""

    def getLoopbackMode():
        """Whether our own multicast datagrams are delivered back to us."""

    def setLoopbackMode(mode):
        """Have our own multicast datagrams delivered back to us, or not."""

    def getTTL():
        """The time-to-live of outgoing multicast datagrams."""

    def setTTL(ttl):
        """Set the time-to-live of outgoing multicast datagrams."""

    def joinGroup(addr, interface=""):
        """Join a multicast group; returns a Deferred."""

    def leaveGroup(addr, interface=""):
        """Leave a multicast group; returns a Deferred."""


class IProcessTransport(ITransport):
    """A child process as seen by its ProcessProtocol."""

    pid = Attribute("The child's process ID, or None once it has been reaped.")

    def closeStdin():
        """Close the child's standard input."""

    def closeStdout():
        """Close our end of the child's standard output."""

    def closeStderr():
        """Close our end of the child's standard error."""

    def closeChildFD(descriptor):
        """Close our end of one of the child's descriptors."""

    def writeToChild(childFD, data):
        """Write bytes to a child descriptor opened for reading by the child."""

    def loseConnection():
        """Close every pipe to the child."""

    def signalProcess(signalID):
        """Send a signal ("KILL", "INT", "TERM" or a number); ProcessExitedAlready if gone."""


# -- producers and consumers -------------------------------------------------------------------


class IConsumer(Interface):
    """A sink of bytes that can throttle a producer."""

    def registerProducer(producer, streaming):
        """Attach a producer: push (``streaming`` true) or pull (``streaming`` false)."""

    def unregisterProducer():
        """Detach the producer."""

    def write(data):
        """Accept bytes."""


class IProducer(Interface):
    """A source of bytes feeding a consumer."""

    def stopProducing():
        """Stop for good; the consumer is going away."""


class IPushProducer(IProducer):
    """A producer that writes on its own until told to pause."""

    def pauseProducing():
        """Stop writing until resumed; the consumer's buffer is full."""

    def resumeProducing():
        """Start writing again."""


class IPullProducer(IProducer):
    """A producer that writes only when asked."""

    def resumeProducing():
        """Write one more chunk to the consumer."""


# -- protocols and factories -------------------------------------------------------------------


class ILoggingContext(Interface):
    """Something that names itself in log messages."""

    def logPrefix():
        """A short string identifying this object in the log."""


class IProtocol(Interface):
    """The receiving side of a stream connection."""

    def dataReceived(data):
        """Handle bytes as they arrive; boundaries carry no meaning."""

    def connectionLost(reason):
        """The connection closed; ``reason`` is a Failure (ConnectionDone when clean)."""

    def makeConnection(transport):
        """Attach the transport, then call ``connectionMade``."""

    def connectionMade():
        """The connection is established and ``self.transport`` is set."""


class IHalfCloseableProtocol(Interface):
    """A protocol that can go on after one direction of its connection closes."""

    def readConnectionLost():
        """The peer will send nothing more; we may still write."""

    def writeConnectionLost():
        """Our sending direction is closed; we may still receive."""


class IFileDescriptorReceiver(Interface):
    """A protocol that accepts descriptors sent over a UNIX connection."""

    def fileDescriptorReceived(descriptor):
        """``descriptor``, now ours to use and close, arrived on the connection."""


class IProtocolFactory(Interface):
    """Makes a protocol for each new connection."""

    def buildProtocol(addr):
        """Return a protocol for the peer at ``addr``, or None to refuse the connection."""

    def doStart():
        """Called before the first port or connector starts using the factory."""

    def doStop():
        """Called after the last port or connector stops using the factory."""


class IProtocolNegotiationFactory(Interface):
    """A factory that names the application protocols its protocols speak (for ALPN)."""

    def acceptableProtocols():
        """The protocol names (bytes), most preferred first."""


class IProcessProtocol(Interface):
    """The receiving side of a child process."""

    def makeConnection(process):
        """Attach the IProcessTransport."""

    def childDataReceived(childFD, data):
        """The child wrote ``data`` to descriptor ``childFD``."""

    def childConnectionLost(childFD):
        """Descriptor ``childFD`` of the child was closed."""

    def processExited(reason):
        """The child exited (its pipes may still be open); ``reason`` is a Failure."""

    def processEnded(reason):
        """The child exited and every pipe is closed; ``reason`` is a Failure."""


# -- descriptors the reactor watches -----------------------------------------------------------


class IFileDescriptor(ILoggingContext):
    """Something with an operating-system descriptor the reactor can watch."""

    def fileno():
        """The descriptor, or -1 once closed."""

    def connectionLost(reason):
        """The reactor stopped watching because of ``reason`` (a Failure)."""


class IReadDescriptor(IFileDescriptor):
    """A descriptor watched for readability."""

    def doRead():
        """Read what is available; a true return value is a reason to disconnect."""


class IWriteDescriptor(IFileDescriptor):
    """A descriptor watched for writability."""

    def doWrite():
        """Write what is queued; a true return value is a reason to disconnect."""


class IReadWriteDescriptor(IReadDescriptor, IWriteDescriptor):
    """A descriptor watched both ways."""


class IHalfCloseableDescriptor(Interface):
    """A descriptor that can lose one direction only."""

    def writeConnectionLost(reason):
        """Our sending direction closed."""

    def readConnectionLost(reason):
        """The peer's sending direction closed."""
