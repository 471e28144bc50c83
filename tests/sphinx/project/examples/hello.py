"""Print a greeting."""

print("hello world")
