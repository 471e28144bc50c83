"""Twisted's own reactor tests, run on refreactor and on Twisted's EPollReactor.

Twisted ships the tests its reactors must pass (``twisted/internet/test/``, built on
``ReactorBuilder``). For each module below, ``run_twisted_module.py`` runs the tests
``ReactorBuilder`` generates once on refreactor and once on EPollReactor, each in its own
process; the outcomes are compared here, test by test:

- a test EPollReactor passes must pass on refreactor, unless ``expected_failures.txt`` lists
  it (with the Twisted internal it inspects);
- a listed test that passes on refreactor fails the run too: the list only shrinks;
- a test EPollReactor does not pass in this environment is reported, not judged.

The per-module table of both reactors is printed at the end of the pytest run.
"""

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MODULES = ["test_core", "test_time", "test_tcp", "test_tls", "test_unix", "test_udp",
           "test_process", "test_threads", "test_fdset", "test_socket", "test_newtls",
           "test_stdio"]
REACTORS = ["refreactor", "epoll"]
PACKAGE = "twisted.internet.test."
# The class suffix ReactorBuilder adds for each reactor (it names classes after the factory).
REACTOR_SUFFIX = re.compile(r"_(RefReactor|EPollReactor)Tests(?=\.)")
MODULE_TIMEOUT = 600
OUTCOMES = ("pass", "fail", "error", "skip")
_WORST_FIRST = {"error": 3, "fail": 2, "skip": 1, "pass": 0}


def generatedTestName(testId: str) -> str | None:
    """``module.Class.method`` for a test ReactorBuilder generated, else None."""
    if not REACTOR_SUFFIX.search(testId):
        return None
    return REACTOR_SUFFIX.sub("", testId).removeprefix(PACKAGE)


def readOutcomes(path: Path) -> dict[str, tuple[str, str]]:
    """Each generated test's outcome and detail; a test reported twice keeps its worst."""
    outcomes: dict[str, tuple[str, str]] = {}
    for record in json.loads(path.read_text()):
        name = generatedTestName(record["id"])
        if name is None:
            continue
        previous = outcomes.get(name)
        if previous is None or _WORST_FIRST[record["outcome"]] > _WORST_FIRST[previous[0]]:
            outcomes[name] = (record["outcome"], record["detail"])
    return outcomes


def readExpectedFailures() -> dict[str, str]:
    """The listed tests and why each may fail: ``module.Class.method  # reason`` lines."""
    listed = {}
    for line in (HERE / "expected_failures.txt").read_text().splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            listed[name.strip()] = reason.strip()
    return listed


def _runModule(reactor: str, module: str, outDir: Path) -> tuple[str, str, str]:
    out = outDir / f"{module}-{reactor}.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(HERE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    proc = subprocess.run(
        [sys.executable, str(HERE / "run_twisted_module.py"), reactor, PACKAGE + module,
         str(out)], capture_output=True, text=True, env=env, timeout=MODULE_TIMEOUT)
    return module, reactor, proc.stderr[-3000:] if proc.returncode else ""


@pytest.fixture(scope="session")
def suiteOutcomes(tmp_path_factory: pytest.TempPathFactory,
                  pytestconfig: pytest.Config) -> dict[tuple[str, str], dict]:
    """Every module on both reactors, as many processes at once as there are cores (2 to 4)."""
    outDir = tmp_path_factory.mktemp("twisted_suite")
    jobs = [(r, m) for m in MODULES for r in REACTORS]
    with ThreadPoolExecutor(max_workers=min(4, max(2, os.cpu_count() or 2))) as pool:
        problems = list(pool.map(lambda job: _runModule(*job, outDir), jobs))
    results = {}
    for module, reactor, stderr in problems:
        path = outDir / f"{module}-{reactor}.json"
        assert path.exists(), f"{module} on {reactor} reported nothing:\n{stderr}"
        results[(module, reactor)] = readOutcomes(path)
    pytestconfig.stash[TABLES] = results
    return results


TABLES = pytest.StashKey[dict]()


def formatTable(results: dict[tuple[str, str], dict]) -> str:
    """One line per module and reactor: tests run, passed, failed, errors, skipped."""
    lines = [f"{'module':14}{'reactor':12}{'run':>5}" + "".join(f"{o:>7}" for o in OUTCOMES)]
    totals = {r: dict.fromkeys(("run",) + OUTCOMES, 0) for r in REACTORS}
    for module in MODULES:
        for reactor in REACTORS:
            outcomes = [o for o, _ in results.get((module, reactor), {}).values()]
            counts = {o: outcomes.count(o) for o in OUTCOMES}
            totals[reactor]["run"] += len(outcomes)
            for o in OUTCOMES:
                totals[reactor][o] += counts[o]
            lines.append(f"{module:14}{reactor:12}{len(outcomes):>5}"
                         + "".join(f"{counts[o]:>7}" for o in OUTCOMES))
    for reactor in REACTORS:
        t = totals[reactor]
        lines.append(f"{'total':14}{reactor:12}{t['run']:>5}"
                     + "".join(f"{t[o]:>7}" for o in OUTCOMES))
    return "\n".join(lines)


def judge(ours: dict, theirs: dict, listed: dict) -> list[str]:
    """What is wrong with refreactor's outcomes, compared with EPollReactor's and the list."""
    problems = []
    for name in sorted(theirs):
        if theirs[name][0] != "pass":
            continue  # This environment fails Twisted's own reactor: nothing to compare.
        outcome, detail = ours[name]
        if outcome != "pass" and name not in listed:
            problems.append(f"{outcome.upper()} {name}\n{detail}")
        elif outcome == "pass" and name in listed:
            problems.append(f"PASSES {name}: remove it from expected_failures.txt")
    return problems


@pytest.mark.parametrize("module", MODULES)
def test_refreactor_passes_what_epoll_passes(module: str, suiteOutcomes: dict) -> None:
    """Every test of ``module`` EPollReactor passes passes on refreactor, or is listed."""
    ours = suiteOutcomes[(module, "refreactor")]
    theirs = suiteOutcomes[(module, "epoll")]
    assert theirs, f"no test of {module} ran"
    assert set(ours) == set(theirs), "the two reactors did not run the same tests"
    problems = judge(ours, theirs, readExpectedFailures())
    assert not problems, "\n\n".join(problems)


def test_judge_flags_unlisted_failures_and_listed_passes() -> None:
    """The comparison itself: only a listed test may fail, and a listed one must fail."""
    theirs = {"m.A.t1": ("pass", ""), "m.A.t2": ("pass", ""), "m.A.t3": ("fail", "env"),
              "m.A.t4": ("pass", "")}
    ours = {"m.A.t1": ("error", "boom"), "m.A.t2": ("pass", ""), "m.A.t3": ("fail", "env"),
            "m.A.t4": ("skip", "no interface")}
    assert judge(ours, theirs, {"m.A.t1": "why"}) == ["SKIP m.A.t4\nno interface"]
    assert judge(ours, theirs, {"m.A.t1": "why", "m.A.t2": "why", "m.A.t4": "why"}) == [
        "PASSES m.A.t2: remove it from expected_failures.txt"]


def test_expected_failures_name_real_tests(suiteOutcomes: dict) -> None:
    """Each listed test exists and carries its reason."""
    known = set().union(*(outcomes.keys() for outcomes in suiteOutcomes.values()))
    listed = readExpectedFailures()
    assert not [n for n in listed if n not in known], "listed tests that do not exist"
    assert all(listed.values()), "every listed test needs its reason after '#'"
