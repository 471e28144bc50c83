"""The pytest plugin, run as users run it: pytest on small synthetic corpora in scratch folders."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>
"""
ECHO_SERVER = """\
from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
open("port", "w").write(str(port.getHost().port))
reactor.run()
"""
ECHO_CLIENT = """\
import socket

with socket.create_connection(("127.0.0.1", int(open("port").read()))) as s:
    s.sendall(b"ping")
    print(s.recv(10).decode())
"""


def corpus(tmp_path: Path, body: str, conf: str = "", **examples: str) -> Path:
    """Write a one-page corpus (howto/page.xhtml), its examples and conf.py under tmp_path."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conf.py").write_text(conf)
    (tmp_path / "howto").mkdir()
    (tmp_path / "examples").mkdir()
    page = HEAD + textwrap.dedent(body) + "</body></html>\n"
    (tmp_path / "howto" / "page.xhtml").write_text(page)
    for name, text in examples.items():
        (tmp_path / "examples" / f"{name}.py").write_text(text)
    return tmp_path


def pytest(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pytest in ``root`` on real Twisted unless told otherwise."""
    # Hypothesis's plugin alone takes a second to load; these runs do not need it.
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
            "-rA", *args]
    if not any(a.startswith("--reactor") for a in args):
        argv.append("--reactor=twisted")
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=120)


def test_examples_are_collected_with_page_line_ids(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="shell">$ echo hi
        hi
        </pre>
        <pre class="python-interpreter">
        &gt;&gt;&gt; 1 + 1
        2
        </pre>
        <p><code class="API">twisted.internet.defer.Deferred</code></p>
        """)
    out = pytest(root, "--collect-only", "-q").stdout
    assert "howto/page.xhtml::shell@L3" in out
    assert "howto/page.xhtml::python-interpreter@L6" in out
    assert "howto/page.xhtml::api" in out


def test_a_server_in_the_background_and_a_client(tmp_path):
    root = corpus(tmp_path, """\
        <a href="../examples/server.py" class="py-listing">server</a>
        <pre class="shell">$ python ../examples/server.py &amp;
        $ python ../examples/client.py
        ping
        </pre>
        """, server=ECHO_SERVER, client=ECHO_CLIENT)
    result = pytest(root)
    assert "1 passed" in result.stdout, result.stdout


def test_wrong_output_fails_with_command_and_diff(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="shell">$ echo actual
        shown
        </pre>
        """)
    result = pytest(root)
    assert result.returncode == 1
    assert "howto/page.xhtml:3: output differs" in result.stdout
    assert "$ echo actual" in result.stdout
    assert "-shown" in result.stdout and "+actual" in result.stdout


def test_interpreter_sessions_share_one_namespace_per_page_in_order(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="python-interpreter">
        &gt;&gt;&gt; from twisted.internet import defer
        &gt;&gt;&gt; results = []
        &gt;&gt;&gt; d = defer.succeed(3).addCallback(results.append)
        </pre>
        <pre class="python-interpreter">
        &gt;&gt;&gt; results
        [3]
        &gt;&gt;&gt; results
        [4]
        </pre>
        """)
    result = pytest(root)
    assert "1 failed, 1 passed" in result.stdout
    assert 'File "howto/page.xhtml", line 11' in result.stdout
    # Run alone, the second session still sees the first one's names.
    alone = pytest(root, "howto/page.xhtml::python-interpreter@L8")
    assert "Expected:\n    [4]\nGot:\n    [3]" in alone.stdout


def test_interpreter_sessions_can_import_the_listings(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="python-interpreter">
        &gt;&gt;&gt; from greeting import greet
        &gt;&gt;&gt; greet()
        'hello'
        </pre>
        """, greeting="def greet():\n    return 'hello'\n")
    assert "1 passed" in pytest(root).stdout


def test_a_hanging_command_is_killed_at_the_block_timeout(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="shell" data-timeout="0.5">$ sleep 30
        </pre>
        """)
    result = pytest(root)
    assert "howto/page.xhtml:3: timed out after 0.5 s" in result.stdout


def test_the_conf_timeout_applies_to_interpreter_sessions(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="python-interpreter">
        &gt;&gt;&gt; import time; time.sleep(30)
        </pre>
        """, conf="lore_example_timeout = 0.5\n")
    result = pytest(root)
    assert "howto/page.xhtml:3: timed out after 0.5 s" in result.stdout


def test_a_listing_link_to_a_missing_file_is_a_collection_error(tmp_path):
    root = corpus(tmp_path, """\
        <p>See</p>
        <a href="../examples/gone.py" class="py-listing">gone</a>
        """)
    result = pytest(root)
    assert result.returncode == 2
    assert "howto/page.xhtml:4: listing '../examples/gone.py' does not exist" in result.stdout


def test_an_api_reference_to_nothing_fails(tmp_path):
    root = corpus(tmp_path, """\
        <p><code class="API" base="twisted.internet.interfaces">IReactorTime</code>,
        <code class="API" base="twisted.internet.interfaces">IReactorTeleport</code>,
        <code class="API" base="twisted.internet.interfaces.IReactorTime">callLater</code>,
        <code class="API" base="twisted.internet.interfaces.IReactorTime">callSooner</code></p>
        """)
    for reactor in ("--reactor=twisted", "--reactor=ref"):
        out = pytest(root, reactor).stdout
        assert "howto/page.xhtml:4: twisted.internet.interfaces.IReactorTeleport" in out
        assert "howto/page.xhtml:6: twisted.internet.interfaces.IReactorTime.callSooner" in out
        assert "IReactorTime:" not in out and "callLater:" not in out


def test_python_in_a_transcript_runs_on_the_reactor_under_test(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="shell">$ python ../examples/which.py
        running on refreactor
        </pre>
        """, which="import sys\nfrom twisted.internet import reactor\n"
                   "print('running on', 'refreactor' if 'refreactor' in sys.modules "
                   "else 'twisted')\n")
    assert "1 passed" in pytest(root, "--reactor=ref").stdout
    assert "+running on twisted" in pytest(root, "--reactor=twisted").stdout


def test_a_stated_skip_applies_on_ref_only(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="shell">$ echo ran
        ran
        </pre>
        """, conf='lore_example_skip_ref = {"howto/page.xhtml": "no teleport yet (issue 9)"}\n')
    on_ref = pytest(root, "--reactor=ref")
    assert "SKIPPED" in on_ref.stdout
    assert "on refreactor: no teleport yet (issue 9)" in on_ref.stdout
    assert "1 passed" in pytest(root).stdout


def test_trial_in_a_transcript_runs_on_the_reactor_under_test(tmp_path):
    root = corpus(tmp_path, """\
        <pre class="shell">$ trial ../examples/test_which.py
        test_which
          WhichReactor
            test_reactor ...                                                       [OK]
        ...
        PASSED (successes=1)
        </pre>
        """, test_which="""\
import sys

from twisted.internet import reactor
from twisted.trial import unittest


class WhichReactor(unittest.TestCase):
    def test_reactor(self):
        # Under refreactor, classes show Twisted's module names: ask which package is loaded.
        self.assertIn("refreactor", sys.modules)
        self.assertIs(reactor, sys.modules["refreactor.internet.reactor"])
""")
    assert "1 passed" in pytest(root, "--reactor=ref").stdout
    onTwisted = pytest(root, "--reactor=twisted").stdout
    assert "+    test_reactor ...                                                     [FAIL]" \
        in onTwisted
