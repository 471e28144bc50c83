"""Perspective Broker and its layers, mirroring ``twisted.spread``: banana (the wire),
jelly (objects as s-expressions), flavors (what crosses the wire how) and pb (the broker)."""
