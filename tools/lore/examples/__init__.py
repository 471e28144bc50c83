"""Job 3, the example runner: the examples of each page run as tests (a pytest plugin)."""
