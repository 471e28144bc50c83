"""Log levels: ``LogLevel.debug`` < ``info`` < ``warn`` < ``error`` < ``critical``."""

from refreactor.logger._constants import NamedConstant, Names


class InvalidLogLevelError(Exception):
    """Something that is not a LogLevel was given as one."""

    def __init__(self, level: object) -> None:
        super().__init__(str(level))
        self.level = level


class LogLevel(Names):
    """How important an event is; the levels compare in order of importance."""

    debug = NamedConstant()
    info = NamedConstant()
    warn = NamedConstant()
    error = NamedConstant()
    critical = NamedConstant()

    @classmethod
    def levelWithName(cls, name: str) -> NamedConstant:
        """The level called ``name`` (``"info"``...); InvalidLogLevelError if none is."""
        try:
            return cls.lookupByName(name)
        except ValueError:
            raise InvalidLogLevelError(name) from None
