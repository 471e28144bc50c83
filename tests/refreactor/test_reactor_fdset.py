"""IReactorFDSet edge cases: regular files, and descriptors that close under the reactor."""

import os
import socket

from refreactor.internet import error
from refreactor.internet.abstract import FileDescriptor
from refreactor.internet.defer import Deferred


class FileReader(FileDescriptor):
    """Reads a regular file through the reactor; ``done`` fires with its content at the end."""

    def __init__(self, reactor, path):
        super().__init__(reactor)
        self.fd = os.open(path, os.O_RDONLY)
        self.content = b""
        self.done = Deferred()

    def fileno(self):
        return self.fd

    def doRead(self):
        data = os.read(self.fd, 4)
        if not data:
            self.reactor.removeReader(self)
            os.close(self.fd)
            self.done.callback(self.content)
        self.content += data


def test_a_regular_file_is_always_ready(reactor, run, tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(b"regular file contents")
    reader = FileReader(reactor, path)
    reactor.addReader(reader)  # epoll refuses regular files (EPERM): Twisted polls them.
    assert reader in reactor.getReaders()
    assert run(lambda: reader.done) == b"regular file contents"
    assert reader not in reactor.getReaders()


def test_a_regular_file_writer_is_listed_and_removed(reactor, tmp_path):
    with open(tmp_path / "out.txt", "wb") as f:
        writer = FileDescriptor(reactor)
        writer.fileno = f.fileno
        reactor.addWriter(writer)
        assert writer in reactor.getWriters()
        assert reactor.removeAll() == [writer]
        assert writer not in reactor.getWriters()


def test_a_reader_whose_fileno_becomes_minus_one_is_removed(reactor, run):
    ours, theirs = socket.socketpair()

    class Vanishing(FileDescriptor):
        fd = ours.fileno()
        reads = 0

        def fileno(self):
            return self.fd

        def doRead(self):
            self.reads += 1
            ours.recv(1)
            self.fd = -1  # Closed behind the reactor's back, as it were.
            theirs.send(b"more")  # Would make it readable again if still watched.

        def connectionLost(self, reason):
            self.lost.callback([reason])

    vanishing = Vanishing(reactor)
    vanishing.lost = Deferred()
    reactor.addReader(vanishing)
    theirs.send(b"x")
    [reason] = run(lambda: vanishing.lost)
    assert reason.check(error.ConnectionFdescWentAway)
    assert vanishing.reads == 1
    assert vanishing not in reactor.getReaders()
    ours.close()
    theirs.close()
