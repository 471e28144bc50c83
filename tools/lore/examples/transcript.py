"""Shell transcripts: parse ``$ `` commands and their expected output, run and compare them."""

from __future__ import annotations

import difflib
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROMPT = "$ "
POLL_SECONDS = 0.01
STOP_GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class Command:
    """One ``$ `` line of a transcript and the output shown under it."""

    line: int
    text: str
    background: bool
    expected: str


class TranscriptError(Exception):
    """A transcript command failed: wrong output, a non-zero exit or a timeout."""


def parse(text: str, first_line: int) -> list[Command]:
    """Split transcript ``text`` (whose first line is page line ``first_line``) into commands."""
    commands: list[Command] = []
    current: tuple[int, str] | None = None
    output: list[str] = []
    for offset, raw in enumerate(text.split("\n")):
        if raw.startswith(PROMPT):
            if current:
                commands.append(_command(current, output))
            current, output = (first_line + offset, raw[len(PROMPT):].strip()), []
        elif current:
            output.append(raw.rstrip())
        elif raw.strip():
            raise ValueError(f"line {first_line + offset}: output before the first '$ ' command")
    if current:
        commands.append(_command(current, output))
    return commands


def _command(head: tuple[int, str], output: list[str]) -> Command:
    line, text = head
    background = text.endswith("&") and not text.endswith("&&")
    if background:
        text = text[:-1].rstrip()
    return Command(line, text, background, "\n".join(output).strip("\n"))


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` output fits ``expected``, where ``...`` stands for any run of text.

    A line holding only ``...`` stands for any number of lines, none included.
    """
    lines = _normalize(expected).split("\n")
    pattern = ""
    for index, line in enumerate(lines):
        if line == "...":
            pattern += ".*?" if len(lines) == 1 else "(?:.*?\n)?" if index == 0 else "(?:\n.*?)?"
            continue
        if index > 0 and (index, lines[0]) != (1, "..."):
            pattern += "\n"
        pattern += ".*?".join(re.escape(part) for part in line.split("..."))
    return re.fullmatch(pattern, _normalize(actual), re.DOTALL) is not None


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def diff(command: Command, actual: str) -> str:
    """A readable report of a command whose output differs from what the page shows."""
    lines = difflib.unified_diff(
        _normalize(command.expected).split("\n"), _normalize(actual).split("\n"),
        "expected (page)", "actual", lineterm="",
    )
    return f"$ {command.text}\n" + "\n".join(lines)


@dataclass
class _Running:
    """A started command: its process group and the output collected so far."""

    command: Command
    process: subprocess.Popen[bytes]
    chunks: list[bytes] = field(default_factory=list)
    reader: threading.Thread | None = None

    def output(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")

    def start_reader(self) -> None:
        def pump() -> None:
            assert self.process.stdout is not None
            for chunk in iter(lambda: self.process.stdout.read1(65536), b""):
                self.chunks.append(chunk)

        self.reader = threading.Thread(target=pump, daemon=True)
        self.reader.start()

    def kill_group(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def finish(self) -> None:
        """Kill whatever the command left in its process group and collect the rest of output."""
        self.kill_group(signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while group_members(self.process.pid) and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        if self.reader:
            self.reader.join(STOP_GRACE_SECONDS)
        if self.process.stdout:
            self.process.stdout.close()


class Session:
    """Runs one transcript's commands in ``cwd`` with ``env``, each bounded by ``timeout``."""

    def __init__(self, cwd: Path, env: dict[str, str], timeout: float, where: str) -> None:
        self.cwd, self.env, self.timeout, self.where = cwd, env, timeout, where
        self.background: list[_Running] = []

    def _start(self, command: Command) -> _Running:
        process = subprocess.Popen(
            ["bash", "-c", command.text], cwd=self.cwd, env=self.env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        running = _Running(command, process)
        running.start_reader()
        return running

    def run(self, commands: list[Command]) -> None:
        """Run every command in order; raise TranscriptError on the first mismatch."""
        try:
            for command in commands:
                if command.background:
                    self._run_background(command)
                else:
                    self._run_foreground(command)
        finally:
            errors = self.stop()
        if errors:
            raise TranscriptError("\n\n".join(errors))

    def _run_foreground(self, command: Command) -> None:
        running = self._start(command)
        try:
            status = running.process.wait(self.timeout)
        except subprocess.TimeoutExpired:
            running.finish()
            raise TranscriptError(
                f"{self.where}:{command.line}: timed out after {self.timeout:g} s\n"
                f"$ {command.text}\noutput so far:\n{running.output()}"
            ) from None
        running.finish()
        actual = running.output()
        if not matches(command.expected, actual):
            raise TranscriptError(f"{self.where}:{command.line}: output differs\n"
                                  + diff(command, actual))
        if status != 0:
            raise TranscriptError(f"{self.where}:{command.line}: exited with status {status}\n"
                                  f"$ {command.text}\n{actual}")

    def _run_background(self, command: Command) -> None:
        running = self._start(command)
        self.background.append(running)
        deadline = time.monotonic() + self.timeout
        while not _ready(running):
            if time.monotonic() > deadline:
                raise TranscriptError(
                    f"{self.where}:{command.line}: not ready after {self.timeout:g} s "
                    f"(no listening socket, no line printed)\n$ {command.text}\n"
                    f"output so far:\n{running.output()}"
                )
            time.sleep(POLL_SECONDS)

    def stop(self) -> list[str]:
        """Stop every background program (SIGTERM, then SIGKILL); report output mismatches."""
        for running in self.background:
            running.kill_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for running in self.background:
            try:
                running.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            running.finish()
        errors = [
            f"{self.where}:{r.command.line}: background output differs\n"
            + diff(r.command, r.output())
            for r in self.background if not matches(r.command.expected, r.output())
        ]
        self.background = []
        return errors


def _ready(running: _Running) -> bool:
    """A background program is ready once it printed a line, listens, or has exited."""
    if b"\n" in b"".join(running.chunks) or running.process.poll() is not None:
        return True
    return bool(_socket_inodes(running.process.pid) & _listening_inodes())


def group_members(pgid: int) -> list[Path]:
    """The /proc folders of the live (not zombie) processes of process group ``pgid``."""
    members = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(proc)
    return members


def _socket_inodes(pgid: int) -> set[str]:
    inodes: set[str] = set()
    for proc in group_members(pgid):
        try:
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return inodes


def _listening_inodes() -> set[str]:
    """Inodes of the sockets that accept connections (TCP and UNIX streams).

    A bound UDP socket does not count: a multicast listener, say, binds before it joins its group.
    Datagram programs signal readiness by printing a line.
    """
    inodes: set[str] = set()
    for name in ("tcp", "tcp6"):
        for fields in _table(f"/proc/net/{name}"):
            if fields[3] == "0A":
                inodes.add(fields[9])
    for fields in _table("/proc/net/unix"):
        if len(fields) > 6 and int(fields[3], 16) & 0x10000:
            inodes.add(fields[6])
    return inodes


def _table(path: str) -> list[list[str]]:
    try:
        with open(path) as handle:
            return [line.split() for line in handle.readlines()[1:]]
    except OSError:
        return []
