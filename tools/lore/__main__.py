"""Run the lore command line: ``python -m lore``."""

from lore.cli import main

raise SystemExit(main())
