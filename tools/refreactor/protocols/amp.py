"""``twisted.protocols.amp``: the Asynchronous Messaging Protocol, wire-compatible with Twisted's.

Each side sends commands (a box with ``_command`` and, when an answer is wanted, ``_ask``) and
answers them (``_answer``, or ``_error`` with ``_error_code`` and ``_error_description``). A
``Command`` subclass declares a command's arguments, response and errors; ``Command.responder``
marks the method of an ``AMP`` (or ``CommandLocator``) subclass that answers it, and
``callRemote`` sends one and returns a Deferred of the response.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MethodType
from typing import Any, ClassVar

from zope.interface import Interface, implementer

from refreactor.internet.defer import Deferred, fail, maybeDeferred
from refreactor.internet.error import ConnectionLost
from refreactor.internet.protocol import Protocol
from refreactor.logger import Logger
from refreactor.protocols._amparguments import (
    AmpList,
    Argument,
    Boolean,
    DateTime,
    Decimal,
    Float,
    IArgumentType,
    Integer,
    ListOf,
    Path,
    String,
    Unicode,
    _wireNameToPythonIdentifier,
    objectsToStrings,
    stringsToObjects,
    utc,
)
from refreactor.protocols._ampbox import (
    ANSWER,
    ASK,
    COMMAND,
    ERROR,
    ERROR_CODE,
    ERROR_DESCRIPTION,
    MAX_KEY_LENGTH,
    MAX_VALUE_LENGTH,
    PROTOCOL_ERRORS,
    UNHANDLED_ERROR_CODE,
    UNKNOWN_ERROR_CODE,
    AmpBox,
    AmpError,
    BadLocalReturn,
    Box,
    BoxParser,
    IncompatibleVersions,
    InvalidSignature,
    MalformedAmpBox,
    NoEmptyBoxes,
    ProtocolSwitched,
    QuitBox,
    RemoteAmpError,
    TooLong,
    UnhandledCommand,
    UnknownRemoteError,
    parse,
    parseString,
)
from refreactor.python.failure import Failure

__all__ = [
    "AMP", "ANSWER", "ASK", "COMMAND", "ERROR", "ERROR_CODE", "ERROR_DESCRIPTION",
    "MAX_KEY_LENGTH", "MAX_VALUE_LENGTH", "PROTOCOL_ERRORS", "UNHANDLED_ERROR_CODE",
    "UNKNOWN_ERROR_CODE", "AmpBox", "AmpError", "AmpList", "Argument", "BadLocalReturn",
    "BinaryBoxProtocol", "Boolean", "Box", "BoxDispatcher", "Command", "CommandLocator",
    "DateTime", "Decimal", "Float", "IArgumentType", "IBoxReceiver", "IBoxSender",
    "IResponderLocator", "IncompatibleVersions", "Integer", "InvalidSignature", "ListOf",
    "MalformedAmpBox", "NoEmptyBoxes", "Path", "ProtocolSwitched", "QuitBox",
    "RemoteAmpError", "SimpleStringLocator", "String", "TooLong", "Unicode",
    "UnhandledCommand", "UnknownRemoteError", "parse", "parseString", "utc",
]

_log = Logger()


class IBoxSender(Interface):
    """Sends boxes to the peer."""

    def sendBox(box: AmpBox) -> None:  # noqa: N805
        """Send ``box``."""

    def unhandledError(failure: Failure) -> None:  # noqa: N805
        """An error nobody handled: log it and drop the connection."""


class IBoxReceiver(Interface):
    """Receives the boxes a connection reads."""

    def startReceivingBoxes(boxSender: IBoxSender) -> None:  # noqa: N805
        """Boxes will arrive; answers go through ``boxSender``."""

    def ampBoxReceived(box: AmpBox) -> None:  # noqa: N805
        """A box arrived."""

    def stopReceivingBoxes(reason: Failure) -> None:  # noqa: N805
        """No more boxes will arrive, for ``reason``."""


class IResponderLocator(Interface):
    """Finds the responder of a command name."""

    def locateResponder(name: bytes) -> Callable[[AmpBox], Deferred] | None:  # noqa: N805
        """A callable taking the command's box and returning a Deferred of the answer box."""


def _accumulatedErrors(cls: type, attribute: str) -> dict:
    """``attribute`` (a mapping or pairs) merged over ``cls``'s bases, nearer classes last."""
    merged: dict = {}
    for ancestor in reversed(cls.__mro__):
        merged.update(dict(ancestor.__dict__.get(attribute, {})))
    return merged


class _CommandMeta(type):
    """Gives each Command its wire name and its error tables (``allErrors``, ``reverseErrors``)."""

    def __new__(mcs, name: str, bases: tuple, attrs: dict) -> Any:
        attrs.setdefault("commandName", name.encode("ascii"))
        command = super().__new__(mcs, name, bases, attrs)
        if not isinstance(command.commandName, bytes):
            raise TypeError(f"Command names must be byte strings, got: {command.commandName!r}")
        for kind, pairs in (("Argument", command.arguments), ("Response", command.response)):
            for argName, _ in pairs:
                if not isinstance(argName, bytes):
                    raise TypeError(f"{kind} names must be byte strings, got: {argName!r}")
        errors = _accumulatedErrors(command, "errors")
        fatalErrors = _accumulatedErrors(command, "fatalErrors")
        command.errors = dict(command.errors)
        command.fatalErrors = dict(command.fatalErrors)
        for table in (errors, fatalErrors):
            for code in table.values():
                if not isinstance(code, bytes):
                    raise TypeError(f"Error names must be byte strings, got: {code!r}")
        command.allErrors = {**errors, **fatalErrors}
        command.reverseErrors = {code: exc for exc, code in command.allErrors.items()}
        return command


class Command(metaclass=_CommandMeta):
    """A command: subclass it and set ``arguments``, ``response``, ``errors``..."""

    commandName: ClassVar[bytes]
    arguments: ClassVar[list[tuple[bytes, Argument]]] = []
    response: ClassVar[list[tuple[bytes, Argument]]] = []
    extra: ClassVar[list[Any]] = []
    errors: ClassVar[dict[type[Exception], bytes]] = {}
    fatalErrors: ClassVar[dict[type[Exception], bytes]] = {}
    allErrors: ClassVar[dict[type[Exception], bytes]]
    reverseErrors: ClassVar[dict[bytes, type[Exception]]]
    commandType: ClassVar[type] = Box
    responseType: ClassVar[type] = Box
    requiresAnswer = True

    def __init__(self, **kw: Any) -> None:
        self.structured = kw
        forgotten = [_wireNameToPythonIdentifier(name) for name, arg in self.arguments
                     if not arg.optional and _wireNameToPythonIdentifier(name) not in kw]
        if forgotten:
            raise InvalidSignature(f"forgot {', '.join(forgotten)} for {self.commandName}")

    @classmethod
    def makeResponse(cls, objects: dict, proto: Any) -> Any:
        """The answer box of the responder's result ``objects``."""
        try:
            responseBox = cls.responseType()
        except BaseException:
            return fail()
        return objectsToStrings(objects, cls.response, responseBox, proto)

    @classmethod
    def makeArguments(cls, objects: dict, proto: Any) -> Any:
        """The command box of the keyword arguments ``objects``; InvalidSignature on an
        argument the command does not declare."""
        allowed = {_wireNameToPythonIdentifier(name) for name, _ in cls.arguments}
        for name in objects:
            if name not in allowed:
                raise InvalidSignature(f"{name} is not a valid argument")
        return objectsToStrings(objects, cls.arguments, cls.commandType(), proto)

    @classmethod
    def parseResponse(cls, box: dict, protocol: Any) -> dict[str, Any]:
        """The response values of answer ``box``."""
        return stringsToObjects(box, cls.response, protocol)

    @classmethod
    def parseArguments(cls, box: dict, protocol: Any) -> dict[str, Any]:
        """The keyword arguments of command ``box``."""
        return stringsToObjects(box, cls.arguments, protocol)

    @classmethod
    def responder(cls, methodfunc: Callable) -> Callable:
        """Mark ``methodfunc`` (in a CommandLocator's class body) as this command's responder."""
        responds = methodfunc.__dict__.setdefault("_ampResponderFor", [])
        responds.append(cls)
        return methodfunc

    def _doCommand(self, proto: Any) -> Deferred | None:
        """Send this command through ``proto``; a Deferred of the response if one is wanted."""
        def declaredError(failure: Failure) -> Failure:
            failure.trap(RemoteAmpError)
            errorType = self.reverseErrors.get(failure.value.errorCode, UnknownRemoteError)
            return Failure(errorType(failure.value.description))

        d = proto._sendBoxCommand(self.commandName, self.makeArguments(self.structured, proto),
                                  self.requiresAnswer)
        if self.requiresAnswer:
            d.addCallback(self.parseResponse, proto)
            d.addErrback(declaredError)
        return d


class _CommandLocatorMeta(type):
    """Collects the responders a class body marked, over those of its bases."""

    def __new__(mcs, name: str, bases: tuple, attrs: dict) -> Any:
        locator = super().__new__(mcs, name, bases, attrs)
        dispatch: dict[bytes, tuple[type, Callable]] = {}
        for ancestor in reversed(locator.__mro__[1:]):
            dispatch.update(ancestor.__dict__.get("_commandDispatch", {}))
        for value in attrs.values():
            for command in getattr(value, "_ampResponderFor", ()):
                dispatch[command.commandName] = (command, value)
        locator._commandDispatch = dispatch
        return locator


@implementer(IResponderLocator)
class CommandLocator(metaclass=_CommandLocatorMeta):
    """Answers the commands whose responders its class declares with ``Command.responder``."""

    def _wrapWithSerialization(self, aCallable: Callable, command: type[Command]
                               ) -> Callable[[AmpBox], Deferred]:
        """A function of the command's box: decode, call, encode the answer, map errors."""
        def declaredError(failure: Failure) -> Failure:
            key = failure.trap(*command.allErrors)
            return Failure(RemoteAmpError(command.allErrors[key], str(failure.value),
                                          key in command.fatalErrors, local=failure))

        def makeResponseFor(objects: Any) -> Any:
            try:
                return command.makeResponse(objects, self)
            except BaseException:
                raise BadLocalReturn(f"{aCallable!r} returned {objects!r} and {command!r} "
                                     f"could not serialize it", Failure()) from None

        def respond(box: AmpBox) -> Deferred:
            kw = command.parseArguments(box, self)
            return (maybeDeferred(aCallable, **kw)
                    .addCallback(makeResponseFor).addErrback(declaredError))
        return respond

    def locateResponder(self, name: bytes) -> Callable[[AmpBox], Deferred] | None:
        """The responder of command ``name``, or None."""
        found = self._commandDispatch.get(name)
        if found is None:
            return None
        command, function = found
        return self._wrapWithSerialization(MethodType(function, self), command)


@implementer(IResponderLocator)
class SimpleStringLocator:
    """Answers command ``NAME`` with the method ``amp_NAME`` (upper case), given the box."""

    baseDispatchPrefix = b"amp_"

    def locateResponder(self, name: bytes) -> Callable | None:
        """The ``amp_NAME`` method, or None."""
        return getattr(self, (self.baseDispatchPrefix + name.upper()).decode("ascii"), None)


@implementer(IBoxReceiver)
class BoxDispatcher:
    """Matches answers and errors to the commands sent, and commands to their responders."""

    _failAllReason: Failure | None = None
    _outstandingRequests: dict[bytes, Deferred] | None = None
    _counter = 0
    boxSender: Any = None

    def __init__(self, locator: Any) -> None:
        self._outstandingRequests = {}
        self.locator = locator

    def startReceivingBoxes(self, boxSender: Any) -> None:
        """Answers will go through ``boxSender``."""
        self.boxSender = boxSender

    def stopReceivingBoxes(self, reason: Failure) -> None:
        """The connection ended: fail every command still waiting for its answer."""
        self.failAllOutgoing(reason)

    def failAllOutgoing(self, reason: Failure) -> None:
        """Errback every waiting command with ``reason``; later calls fail at once."""
        self._failAllReason = reason
        waiting, self._outstandingRequests = self._outstandingRequests or {}, None
        for deferred in waiting.values():
            deferred.errback(reason)

    def _nextTag(self) -> bytes:
        self._counter += 1
        return b"%x" % (self._counter,)

    def _sendBoxCommand(self, command: bytes, box: AmpBox,
                        requiresAnswer: bool = True) -> Deferred | None:
        """Send ``box`` as command ``command``; a Deferred of the answer box if wanted."""
        if self._failAllReason is not None:
            return fail(self._failAllReason) if requiresAnswer else None
        box[COMMAND] = command
        tag = self._nextTag()
        if requiresAnswer:
            box[ASK] = tag
        box._sendTo(self.boxSender)
        if not requiresAnswer:
            return None
        result = self._outstandingRequests[tag] = Deferred()
        return result

    def callRemoteString(self, command: bytes, requiresAnswer: bool = True,
                         **kw: bytes) -> Deferred | None:
        """Send command ``command`` with the byte values ``kw``, no argument types."""
        return self._sendBoxCommand(command, Box(kw), requiresAnswer)

    def callRemote(self, commandType: type[Command], *a: Any, **kw: Any) -> Deferred | None:
        """Send ``commandType`` with arguments ``kw``: a Deferred of its response (a dict),
        or None if the command requires no answer."""
        try:
            command = commandType(*a, **kw)
        except BaseException:
            return fail()
        return command._doCommand(self)

    def unhandledError(self, failure: Failure) -> Any:
        """An error nothing handled: the box sender logs it and drops the connection."""
        return self.boxSender.unhandledError(failure)

    def _answerReceived(self, box: AmpBox) -> None:
        question = self._outstandingRequests.pop(box[ANSWER])
        question.addErrback(self.unhandledError)
        question.callback(box)

    def _errorReceived(self, box: AmpBox) -> None:
        question = self._outstandingRequests.pop(box[ERROR])
        question.addErrback(self.unhandledError)
        code = box[ERROR_CODE]
        description = box[ERROR_DESCRIPTION].decode("utf-8", "replace")
        errorClass = PROTOCOL_ERRORS.get(code)
        error = errorClass(code, description) if errorClass else RemoteAmpError(code, description)
        question.errback(Failure(error))

    def _commandReceived(self, box: AmpBox) -> None:
        def formatAnswer(answerBox: AmpBox) -> AmpBox:
            answerBox[ANSWER] = box[ASK]
            return answerBox

        def formatError(failure: Failure) -> AmpBox:
            if failure.check(RemoteAmpError):
                code, description = failure.value.errorCode, failure.value.description
                if isinstance(description, str):
                    description = description.encode("utf-8", "replace")
                errorBox = QuitBox() if failure.value.fatal else AmpBox()
            else:
                _log.failure("while receiving response to command", failure)
                code, description = UNKNOWN_ERROR_CODE, b"Unknown Error"
                errorBox = QuitBox()
            errorBox[ERROR] = box[ASK]
            errorBox[ERROR_DESCRIPTION] = description
            errorBox[ERROR_CODE] = code
            return errorBox

        deferred = self.dispatchCommand(box)
        if ASK in box:
            deferred.addCallbacks(formatAnswer, formatError)
            deferred.addCallback(self._safeEmit)
        deferred.addErrback(self.unhandledError)

    def ampBoxReceived(self, box: AmpBox) -> None:
        """Route ``box``: an answer, an error or a command; NoEmptyBoxes for anything else."""
        if ANSWER in box:
            self._answerReceived(box)
        elif ERROR in box:
            self._errorReceived(box)
        elif COMMAND in box:
            self._commandReceived(box)
        else:
            raise NoEmptyBoxes(box)

    def _safeEmit(self, aBox: AmpBox) -> None:
        """Send an answer; a connection gone or switched meanwhile is not an error."""
        try:
            aBox._sendTo(self.boxSender)
        except (ProtocolSwitched, ConnectionLost):
            pass

    def dispatchCommand(self, box: AmpBox) -> Deferred:
        """Call the responder of ``box``'s command: a Deferred of the answer box."""
        name = box[COMMAND]
        responder = self.locator.locateResponder(name)
        if responder is None:
            return fail(RemoteAmpError(UNHANDLED_ERROR_CODE, f"Unhandled Command: {name!r}",
                                       False, local=Failure(UnhandledCommand())))
        return maybeDeferred(responder, box)


@implementer(IBoxSender)
class BinaryBoxProtocol(Protocol):
    """Reads and writes boxes on a connection; a key over 255 bytes drops the connection."""

    def __init__(self, boxReceiver: Any) -> None:
        self.boxReceiver = boxReceiver
        self._parser = BoxParser()

    def sendBox(self, box: AmpBox) -> None:
        """Write ``box``: TooLong if over the limits, ConnectionLost once disconnected."""
        if self.transport is None:
            raise ConnectionLost()
        self.transport.write(box.serialize())

    def makeConnection(self, transport: Any) -> None:
        """Tell the box receiver that boxes will arrive, then ``connectionMade``."""
        self.transport = transport
        self.connected = 1
        self.boxReceiver.startReceivingBoxes(self)
        self.connectionMade()

    def dataReceived(self, data: bytes) -> None:
        """Hand each complete box to the receiver; drop the connection on an over-long key."""
        parser = self._parser
        for box in parser.feed(data):
            self.boxReceiver.ampBoxReceived(box)
        if parser.keyTooLong:
            self.transport.loseConnection()

    def connectionLost(self, reason: Failure) -> None:
        """Fail waiting commands: with TooLong if the peer sent an over-long key."""
        if self._parser.keyTooLong:
            reason = Failure(TooLong(True, False, None, None))
        self.boxReceiver.stopReceivingBoxes(reason)

    def unhandledError(self, failure: Failure) -> None:
        """Log an error nothing handled and drop the connection."""
        _log.failure("Amp server or network failure unhandled by client application.  "
                     "Dropping connection!  To avoid, add errbacks to ALL remote commands!",
                     failure)
        if self.transport is not None:
            self.transport.loseConnection()


class AMP(BinaryBoxProtocol, BoxDispatcher, CommandLocator, SimpleStringLocator):
    """An AMP connection: sends commands, answers them with its own responders."""

    _ampInitialized = False

    def __init__(self, boxReceiver: Any = None, locator: Any = None) -> None:
        self._ampInitialized = True
        BoxDispatcher.__init__(self, self if locator is None else locator)
        BinaryBoxProtocol.__init__(self, self if boxReceiver is None else boxReceiver)

    def locateResponder(self, name: bytes) -> Callable | None:
        """A ``Command.responder`` method of this class, else an ``amp_NAME`` method."""
        return (CommandLocator.locateResponder(self, name)
                or SimpleStringLocator.locateResponder(self, name))

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} at 0x{id(self):x}>"

    def makeConnection(self, transport: Any) -> None:
        """Log the new connection and start reading boxes."""
        if not self._ampInitialized:
            # A subclass whose __init__ does not call ours.
            AMP.__init__(self)
        self._transportPeer = transport.getPeer()
        self._transportHost = transport.getHost()
        _log.info("{cls} connection established (HOST:{host} PEER:{peer})",
                  cls=self.__class__.__name__, host=self._transportHost,
                  peer=self._transportPeer)
        BinaryBoxProtocol.makeConnection(self, transport)

    def connectionLost(self, reason: Failure) -> None:
        """Log the end of the connection and fail the commands still waiting."""
        _log.info("{cls} connection lost (HOST:{host} PEER:{peer})",
                  cls=self.__class__.__name__, host=self._transportHost,
                  peer=self._transportPeer)
        BinaryBoxProtocol.connectionLost(self, reason)
        self.transport = None


# Shown (in reprs and tracebacks) under the module programs import them from, as in Twisted.
for _name in __all__:
    _public = globals()[_name]
    if isinstance(_public, type) and _public.__module__.startswith("refreactor.protocols._amp"):
        _public.__module__ = __name__
