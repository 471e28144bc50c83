"""Babel extractor ``xhtml``: ``pybabel extract -F babel.cfg`` with ``[xhtml: howto/**.xhtml]``."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from lore import xhtml


def extract_xhtml(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Yield ``(line, None, msgid, comments)`` for each message, as ``lore extract`` finds it.

    ``keywords`` and ``comment_tags`` concern source code and do not apply to XHTML; the
    option ``skip_pre_classes`` (space-separated) leaves those ``<pre>`` blocks out.
    """
    path = getattr(fileobj, "name", "<xhtml>")
    source = xhtml.parse_source(fileobj.read(), str(path))
    skip = frozenset(str(options.get("skip_pre_classes", "")).split())
    for segment in xhtml.segments(source, xhtml.SegmentOptions(skip)):
        comments = [segment.comments] if segment.comments else []
        yield segment.line, None, segment.msgid, comments
