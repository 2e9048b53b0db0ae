"""`python -m bot.cli` runs the command line."""

from bot.cli.main import main

raise SystemExit(main())
