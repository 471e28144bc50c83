"""Versioned upgrades through .tap files, and loading files that are not .tap pickles."""

import pickle

from twisted.persisted import sob, styles


class Thing:
    def __init__(self, length):
        self.length = length


sob.Persistent(Thing(5), "plain").save(filename="plain.tap")


class Thing(styles.Versioned):  # noqa: F811 - version 1 of the same class
    persistenceVersion = 1

    def __init__(self, length, units):
        self.length = f"{length} {units}"

    def upgradeToVersion1(self):
        self.length = f"{self.length} inches"


sob.Persistent(Thing(7, "meters"), "v1").save(filename="v1.tap")
sob.Persistent([Thing(2, "feet"), Thing(3, "feet")], "many").save("shutdown")


class Thing(styles.Versioned):  # noqa: F811 - version 3: two versions past v1.tap
    persistenceVersion = 3

    def __init__(self, dimensions):
        self.size = dimensions
        self.name = ["line", "square", "cube"][len(dimensions) - 1]

    def upgradeToVersion1(self):
        self.length = f"{self.length} inches"

    def upgradeToVersion2(self):
        length, units = self.length.split()
        self.length = (int(length), units)

    def upgradeToVersion3(self):
        self.size = [self.length]
        del self.length
        self.name = "line"


for filename in ("plain.tap", "v1.tap", "many-shutdown.tap"):
    loaded = sob.load(filename, "pickle")
    for thing in loaded if isinstance(loaded, list) else [loaded]:
        print(filename, type(thing).__name__, sorted(vars(thing).items()))

current = Thing([(1, "m"), (2, "m")])
sob.Persistent(current, "current").save(filename="current.tap")
print("current", sorted(vars(sob.load("current.tap", "pickle")).items()))


class Base(styles.Versioned):
    persistenceVersion = 1


class Sub(Base):
    persistenceVersion = 1


sob.Persistent(Sub(), "sub").save(filename="sub.tap")
calls = []


class Base(styles.Versioned):  # noqa: F811
    persistenceVersion = 2

    def upgradeToVersion2(self):
        calls.append("Base.upgradeToVersion2")


class Sub(Base):  # noqa: F811
    persistenceVersion = 2

    def upgradeToVersion2(self):
        calls.append("Sub.upgradeToVersion2")


sob.load("sub.tap", "pickle")
print("hierarchy upgrades:", calls)

for name, content in [("garbage.tap", b"this is not a pickle\n"), ("empty.tap", b"")]:
    with open(name, "wb") as f:
        f.write(content)
    try:
        sob.load(name, "pickle")
    except (pickle.UnpicklingError, EOFError):
        print(name, "refused as not a pickle")

print("guessType:", [sob.guessType(n) for n in ("a.tac", "a.py", "a.tap", "a.tas")])
