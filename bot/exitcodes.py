"""The exit codes of every `archive-bot` command, in one place."""

OK = 0
FAILURE = 1
"""Invalid knowledge (`validate`, `ask`), or the bot could not start or stopped on an error."""
USAGE = 2
"""A usage or configuration error: a bad flag, a missing folder, an invalid setting."""
INTERRUPTED = 130
"""128 + SIGINT: stopped with Ctrl-C."""
BROKEN_PIPE = 141
"""128 + SIGPIPE, what `yes | head -1` reports for `yes`."""
