"""SIGINT and SIGTERM stop a running reactor cleanly, running the shutdown triggers."""

import os
import signal
import subprocess
import sys

CHILD = """
import os, signal, sys
from twisted.internet import reactor
reactor.addSystemEventTrigger("before", "shutdown", print, "before shutdown")
reactor.addSystemEventTrigger("after", "shutdown", print, "after shutdown")
reactor.callWhenRunning(print, "running", flush=True)
reactor.callWhenRunning(os.kill, os.getpid(), getattr(signal, sys.argv[1]))
reactor.run()
print("run returned")
"""

if __name__ == "__main__":
    # The child runs on the same reactor as this program: under refreactor, through its runner.
    runner = [sys.executable]
    if "refreactor" in sys.modules:
        runner += ["-m", "refreactor"]
    with open("child.py", "w") as f:
        f.write(CHILD)
    for name in ("SIGINT", "SIGTERM"):
        out = subprocess.run(runner + ["child.py", name], capture_output=True, text=True,
                             timeout=30)
        print(f"--- {name}: exit code {out.returncode}")
        print(out.stdout, end="")
    os.remove("child.py")
    print("signal module intact:", signal.SIGINT == 2)
