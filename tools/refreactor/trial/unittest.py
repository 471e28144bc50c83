"""``twisted.trial.unittest``: ``TestCase`` (on the reactor), ``SynchronousTestCase``,
``FailTest``, ``SkipTest``, ``Todo`` and ``makeTodo``."""

from refreactor.trial._asynctest import TestCase
from refreactor.trial._synctest import FailTest, SkipTest, SynchronousTestCase, Todo, makeTodo

__all__ = ["FailTest", "SkipTest", "SynchronousTestCase", "TestCase", "Todo", "makeTodo"]

# Shown (in reports and tracebacks) under the module that programs import them from.
for _public in (FailTest, SynchronousTestCase, TestCase, Todo):
    _public.__module__ = __name__
