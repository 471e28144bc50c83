"""twistd's log reads as Twisted's: the loading, version and reactor lines, the factories'
namespaces, the port's close, Server Shut Down; a saved application stopped by SIGTERM, then
saved again; an application's ILogObserver is the only observer; a plugin's service runs with
its options (twistd NAME ARGS)."""

import os
import re
import subprocess
import sys

TAC = """
from twisted.application import internet, service
from twisted.internet import protocol, reactor

application = service.Application("echo")
factory = protocol.ServerFactory.forProtocol(protocol.Protocol)
internet.TCPServer(0, factory, interface="127.0.0.1").setServiceParent(application)
reactor.callLater(0.3, reactor.stop)
"""

OBSERVED_TAC = TAC + """
import sys
from twisted.logger import ILogObserver, formatEvent


def observe(event):
    sys.__stdout__.write("observed: " + formatEvent(event) + "\\n")


application.setComponent(ILogObserver, observe)
"""

PLUGIN = """
from twisted.application.service import ServiceMaker

greeter = ServiceMaker("Greeter", "greeter", "Greets someone, then stops.", "greeter")
# Longer than the names of Twisted's own plugins, so the command table is as wide on both.
longGreeter = ServiceMaker("Greeter", "greeter", "Greets at length.",
                           "greeter-with-a-long-name")
"""

GREETER = """
from twisted.application import service
from twisted.python import usage


class Options(usage.Options):
    optParameters = [["name", "n", "world", "Whom to greet."]]


class Greeter(service.Service):
    def __init__(self, name):
        self.who = name

    def startService(self):
        from twisted.internet import reactor

        print("hello,", self.who)
        reactor.callLater(0, reactor.stop)


def makeService(options):
    return Greeter(options["name"])
"""


STOPPER = """
import os
import signal

from twisted.application import service


class StopSoon(service.Service):
    def startService(self):
        from twisted.internet import reactor

        service.Service.startService(self)
        reactor.callLater(0.3, os.kill, os.getpid(), signal.SIGTERM)
"""

MAKE_TAP = """
from twisted.application import internet, service
from twisted.internet import protocol
from twisted.persisted import sob
from stopper import StopSoon

application = service.Application("saved")
factory = protocol.ServerFactory.forProtocol(protocol.Protocol)
internet.TCPServer(0, factory, interface="127.0.0.1").setServiceParent(application)
StopSoon().setServiceParent(application)
sob.IPersistable(application).save(filename="saved.tap")
"""


def runner():
    """The Python command of the reactor this program runs on."""
    return [sys.executable, "-m", "refreactor"] if "refreactor" in sys.modules else [
        sys.executable]


def twistd(*args):
    """Run twistd on the reactor this program runs on; its output, masked."""
    if "refreactor" in sys.modules:
        runner = [sys.executable, "-m", "refreactor.twistd"]
    else:
        runner = [sys.executable, "-c", "import sys; sys.argv[0] = 'twistd'; "
                  "from twisted.scripts.twistd import run; run()"]
    out = subprocess.run(runner + ["--pidfile=", *args], capture_output=True, text=True,
                         timeout=30)
    text = out.stdout.replace(sys.executable, "PYTHON")
    text = re.sub(r"^\d{4}-\S+ ", "", text, flags=re.M)  # the timestamps
    text = re.sub(r"0x[0-9a-f]+", "0x...", text)
    text = re.sub(r"\d+\.\d+\.\d+\)", "X.Y.Z)", text)
    text = re.sub(r"(starting on|Port) \d+", r"\1 N", text)
    return out.returncode, text


with open("app.tac", "w") as f:
    f.write(TAC)
with open("observed.tac", "w") as f:
    f.write(OBSERVED_TAC)
for name in ("twisted", "twisted/plugins"):
    subprocess.run(["mkdir", "-p", name], check=True)
with open("twisted/plugins/greeter_plugin.py", "w") as f:
    f.write(PLUGIN)
with open("greeter.py", "w") as f:
    f.write(GREETER)

with open("stopper.py", "w") as f:
    f.write(STOPPER)
with open("maketap.py", "w") as f:
    f.write(MAKE_TAP)
subprocess.run(runner() + ["maketap.py"], check=True, timeout=30)

for args in (["-n", "-y", "app.tac"], ["-n", "-y", "observed.tac"], ["-n", "-f", "saved.tap"],
             ["-n", "greeter", "--name", "plugins"]):
    code, text = twistd(*args)
    print(f"--- twistd {' '.join(args)}: exit code {code}")
    print(text, end="")
print("--- saved again at shutdown:", os.path.exists("saved-shutdown.tap"))

code, text = twistd("--help")
print("--- help, exit code", code, "starts:", text.splitlines()[:2])
print("--- its plugin lines:", [line for line in text.splitlines() if "Greets" in line])
for args in (["greeter", "--help"], ["-n", "greeter", "--nonsense"]):
    code, text = twistd(*args)
    print(f"--- twistd {' '.join(args)}: exit code {code}")
    print(text, end="")
code, text = twistd("-n", "nosuch")  # the help (Twisted's plugins too), then the error
print("--- an unknown plugin: exit code", code, text.splitlines()[-1])
