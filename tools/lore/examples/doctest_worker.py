"""Run a page's interpreter sessions as doctests in one namespace, on the reactor under test.

Started as a script (``python -m refreactor doctest_worker.py EXAMPLES`` or plain ``python``), it
reads one JSON request per line on stdin (``text``, ``page``, ``line``) and answers each with one
JSON line (``failed``, ``report``) on its original stdout. EXAMPLES is put first on ``sys.path`` so
sessions can import the listings.
"""

import doctest
import io
import json
import os
import sys

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def main() -> None:
    """Serve doctest requests until stdin closes."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.path.insert(0, sys.argv[1])
    namespace = {"__name__": "__main__"}
    parser = doctest.DocTestParser()
    for request_line in sys.stdin:
        request = json.loads(request_line)
        test = parser.get_doctest(
            request["text"], namespace, request["page"], request["page"], request["line"]
        )
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        result = runner.run(test, out=report.write, clear_globs=False)
        namespace = test.globs
        answers.write(json.dumps({"failed": result.failed, "report": report.getvalue()}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
