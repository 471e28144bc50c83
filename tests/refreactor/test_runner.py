"""``python -m refreactor SCRIPT``: twisted names map onto refreactor in that process only."""

import subprocess
import sys
import textwrap


def _runUnderRefreactor(tmp_path, source, *args):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(source))
    return subprocess.run([sys.executable, "-m", "refreactor", str(script), *args],
                          capture_output=True, text=True, timeout=60)


def test_twisted_names_are_the_refreactor_modules(tmp_path):
    out = _runUnderRefreactor(tmp_path, """
        import sys
        import refreactor.internet.defer
        import refreactor.internet.reactor
        from twisted.internet import defer, reactor
        import twisted.internet.reactor as aliased
        print(defer is refreactor.internet.defer)
        print(reactor is aliased is refreactor.internet.reactor)
        print(__name__, sys.argv[1:])
        print("twisted" in sys.modules and sys.modules["twisted"] is sys.modules["refreactor"])
    """, "one", "two")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["True", "True", "__main__ ['one', 'two']", "True"]


def test_missing_name_says_the_reference_lacks_it(tmp_path):
    out = _runUnderRefreactor(tmp_path, """
        try:
            import twisted.words.protocols.irc
        except ImportError as e:
            print(type(e).__name__, e)
        from twisted.internet import protocol
        try:
            from twisted.internet import notAModule
        except ImportError as e:
            print("notAModule" in str(e))
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "ModuleNotFoundError the reference reactor (refreactor) does not provide twisted.words",
        "True"]


def test_real_twisted_is_not_shadowed_elsewhere():
    out = subprocess.run([sys.executable, "-c",
                          "import refreactor.__main__, twisted; print(twisted.__name__, "
                          "hasattr(twisted, '__version__'))"],
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["twisted", "True"]


def test_an_uncaught_exception_reads_as_under_python(tmp_path):
    """The traceback names the script by its absolute path and holds no frame of the runner."""
    script = tmp_path / "crash.py"
    script.write_text("def f():\n    1 / 0\n\nf()\n")
    under = {}
    for name, argv in (("python", [sys.executable, "crash.py"]),
                       ("refreactor", [sys.executable, "-m", "refreactor", "crash.py"])):
        under[name] = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True,
                                     timeout=60)
    assert under["refreactor"].returncode == under["python"].returncode == 1
    assert under["refreactor"].stderr == under["python"].stderr
    assert f'File "{script}", line 4' in under["refreactor"].stderr


def test_the_scripts_folder_comes_first_on_the_path(tmp_path):
    """As under ``python SCRIPT``: a script imports the module beside it, from any folder."""
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "helper.py").write_text("ANSWER = 42\n")
    (folder / "main.py").write_text("import sys, helper\nprint(helper.ANSWER, sys.path[0])\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "helper.py").write_text("ANSWER = 'the wrong helper'\n")
    runs = [subprocess.run([*prefix, str(folder / "main.py")], cwd=elsewhere,
                           capture_output=True, text=True, timeout=60)
            for prefix in ([sys.executable], [sys.executable, "-m", "refreactor"])]
    assert [run.stdout for run in runs] == [f"42 {folder}\n"] * 2, [r.stderr for r in runs]


def test_argv_and_file_are_those_python_gives(tmp_path):
    """``sys.argv[0]`` as typed, ``__file__`` absolute, a module named ``__main__``."""
    (tmp_path / "show.py").write_text(
        "import sys\nprint(sys.argv[0], __file__, __name__, sys.modules['__main__'].__file__)\n")
    runs = [subprocess.run([*prefix, "show.py"], cwd=tmp_path, capture_output=True, text=True,
                           timeout=60)
            for prefix in ([sys.executable], [sys.executable, "-m", "refreactor"])]
    expected = f"show.py {tmp_path / 'show.py'} __main__ {tmp_path / 'show.py'}\n"
    assert [run.stdout for run in runs] == [expected] * 2, [r.stderr for r in runs]
