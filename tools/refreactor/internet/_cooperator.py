"""Cooperative multitasking, mirroring ``twisted.internet.task``'s ``Cooperator``.

Each task is an iterator; the cooperator advances its tasks in turn, a few steps per
reactor turn (a 10 ms slice), so that long jobs share the loop. A task that yields a
Deferred waits for it before its next step.
"""

import time
from collections.abc import Callable, Iterator
from typing import Any

from refreactor.internet.defer import Deferred
from refreactor.python.failure import Failure


class SchedulerError(Exception):
    """A task or its cooperator was used in a way their state does not allow."""


class SchedulerStopped(SchedulerError):
    """The cooperator was stopped, which ends its tasks."""


class TaskFinished(SchedulerError):
    """The task is finished; it cannot be paused, resumed or stopped any more."""


class TaskDone(TaskFinished):
    """The task's iterator is exhausted."""


class TaskStopped(TaskFinished):
    """The task was stopped."""


class TaskFailed(TaskFinished):
    """The task's iterator (or a Deferred it yielded) failed."""


class NotPaused(SchedulerError):
    """``resume`` was called on a task that is not paused."""


class _TimeSlice:
    """True once 10 ms have passed since it was made: one turn's share of work."""

    SLICE = 0.01

    def __init__(self) -> None:
        self.end = time.monotonic() + self.SLICE

    def __call__(self) -> bool:
        return time.monotonic() >= self.end


def _nextTurn(call: Callable[[], None]) -> Any:
    from refreactor.internet import reactor

    return reactor.callLater(0.00000001, call)


class CooperativeTask:
    """One iterator run by a Cooperator; it can be paused, resumed and stopped.

    ``whenDone()`` fires with the iterator once it is exhausted, or fails with the error it
    raised, or with TaskStopped / SchedulerStopped.
    """

    def __init__(self, iterator: Iterator[Any], cooperator: "Cooperator") -> None:
        self._iterator = iterator
        self._cooperator = cooperator
        self._deferreds: list[Deferred] = []
        self._pauseCount = 0
        self._completionState: SchedulerError | None = None
        self._completionResult: Any = None
        cooperator._addTask(self)

    def whenDone(self) -> Deferred:
        """A Deferred of the task's end (a new one for each call)."""
        d = Deferred()
        if self._completionState is None:
            self._deferreds.append(d)
        else:
            d.callback(self._completionResult)
        return d

    def pause(self) -> None:
        """Run no more steps until as many ``resume`` calls as ``pause`` calls."""
        self._checkFinish()
        self._pauseCount += 1
        if self._pauseCount == 1:
            self._cooperator._removeTask(self)

    def resume(self) -> None:
        """Undo one ``pause``; NotPaused if the task is not paused."""
        if self._pauseCount == 0:
            raise NotPaused()
        self._pauseCount -= 1
        if self._pauseCount == 0 and self._completionState is None:
            self._cooperator._addTask(self)

    def stop(self) -> None:
        """End the task now: ``whenDone`` fails with TaskStopped."""
        self._checkFinish()
        self._completeWith(TaskStopped(), Failure(TaskStopped()))

    def _checkFinish(self) -> None:
        if self._completionState is not None:
            raise self._completionState

    def _completeWith(self, state: SchedulerError, result: Any) -> None:
        self._completionState = state
        self._completionResult = result
        if not self._pauseCount:
            self._cooperator._removeTask(self)
        for d in self._deferreds:
            d.callback(result)

    def _oneWorkUnit(self) -> None:
        """Advance the iterator one step; a Deferred it yields pauses the task meanwhile."""
        try:
            result = next(self._iterator)
        except StopIteration:
            self._completeWith(TaskDone(), self._iterator)
        except BaseException:
            self._completeWith(TaskFailed(), Failure())
        else:
            if isinstance(result, Deferred):
                self.pause()
                result.addCallbacks(lambda _: self.resume(),
                                    lambda f: self._completeWith(TaskFailed(), f))


class Cooperator:
    """Runs CooperativeTasks in turn: each reactor turn, steps until the time slice ends."""

    def __init__(self, terminationPredicateFactory: Callable[[], Callable[[], bool]] = _TimeSlice,
                 scheduler: Callable[[Callable[[], None]], Any] = _nextTurn,
                 started: bool = True) -> None:
        self._tasks: list[CooperativeTask] = []
        self._upcoming: Iterator[CooperativeTask] = iter(())
        self._terminationPredicateFactory = terminationPredicateFactory
        self._scheduler = scheduler
        self._delayedCall: Any = None
        self._stopped = False
        self._started = started
        self._mustScheduleOnStart = False

    def coiterate(self, iterator: Iterator[Any], doneDeferred: Deferred | None = None) -> Deferred:
        """Run ``iterator`` as a task; the Deferred fires with it when it is exhausted."""
        if doneDeferred is None:
            doneDeferred = Deferred()
        self.cooperate(iterator).whenDone().chainDeferred(doneDeferred)
        return doneDeferred

    def cooperate(self, iterator: Iterator[Any]) -> CooperativeTask:
        """Run ``iterator`` as a task; the CooperativeTask controls it."""
        return CooperativeTask(iterator, self)

    def _addTask(self, task: CooperativeTask) -> None:
        self._tasks.append(task)
        if self._stopped:
            task._completeWith(SchedulerStopped(), Failure(SchedulerStopped()))
        else:
            self._reschedule()

    def _removeTask(self, task: CooperativeTask) -> None:
        self._tasks.remove(task)
        if not self._tasks and self._delayedCall is not None:
            self._delayedCall.cancel()
            self._delayedCall = None

    def _tasksWhileNotStopped(self) -> Iterator[CooperativeTask]:
        """The tasks round-robin (going on from where the last turn stopped) for one slice."""
        sliceOver = self._terminationPredicateFactory()
        while self._tasks:
            for task in self._upcoming:
                yield task
                if sliceOver():
                    return
            self._upcoming = iter(list(self._tasks))

    def _tick(self) -> None:
        self._delayedCall = None
        for task in self._tasksWhileNotStopped():
            task._oneWorkUnit()
        self._reschedule()

    def _reschedule(self) -> None:
        if not self._started:
            self._mustScheduleOnStart = True
            return
        if self._delayedCall is None and self._tasks:
            self._delayedCall = self._scheduler(self._tick)

    def start(self) -> None:
        """Begin running tasks (a Cooperator made with ``started=False``)."""
        self._stopped = False
        self._started = True
        if self._mustScheduleOnStart:
            self._mustScheduleOnStart = False
            self._reschedule()

    def stop(self) -> None:
        """End every task (their ``whenDone`` fail with SchedulerStopped) and stop."""
        self._stopped = True
        for task in self._tasks[:]:
            task._completeWith(SchedulerStopped(), Failure(SchedulerStopped()))
        self._tasks = []
        if self._delayedCall is not None:
            self._delayedCall.cancel()
            self._delayedCall = None

    @property
    def running(self) -> bool:
        """Whether the cooperator is started and not stopped."""
        return self._started and not self._stopped


_theCooperator = Cooperator()


def cooperate(iterator: Iterator[Any]) -> CooperativeTask:
    """Run ``iterator`` cooperatively with the global reactor; its CooperativeTask."""
    return _theCooperator.cooperate(iterator)


def coiterate(iterator: Iterator[Any]) -> Deferred:
    """Run ``iterator`` cooperatively; a Deferred firing with it once it is exhausted."""
    return _theCooperator.coiterate(iterator)
