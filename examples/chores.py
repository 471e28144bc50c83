"""Two long jobs share the reactor with cooperate(): a step of each in turn."""

from twisted.internet import defer, task


def count_words(name, lines, totals):
    """Count the words of ``lines``, a line per step; each step may switch."""
    totals[name] = 0
    for number, line in enumerate(lines, 1):
        totals[name] += len(line.split())
        print(f"{name}: line {number}")
        yield


@defer.inlineCallbacks
def main(reactor):
    totals = {}
    poem = ["the owl and the pussy-cat", "went to sea", "in a pea-green boat"]
    recipe = ["two eggs", "a cup of flour", "milk", "a pinch of salt"]
    first = task.cooperate(count_words("poem", poem, totals))
    second = task.cooperate(count_words("recipe", recipe, totals))
    yield defer.gatherResults([first.whenDone(), second.whenDone()])
    print("words:", totals)


task.react(main)
