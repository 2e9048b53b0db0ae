"""The two ways an import can fail before anything is written."""

from __future__ import annotations


class ImportFailure(Exception):
    """The source cannot be imported (exit 1); the message is for the user, as is."""


class UsageProblem(Exception):
    """The command was given something unusable, such as a missing file (exit 2)."""
