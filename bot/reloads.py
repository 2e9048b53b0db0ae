"""What a reload reports: a plain value that the service makes and every front door shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a reload changed, or why it changed nothing."""

    ok: bool
    duration: float
    version: str
    """The version now serving (the old one when the reload failed)."""
    previous_version: str
    posts: int
    facts: int
    posts_added: int = 0
    posts_removed: int = 0
    posts_changed: int = 0
    facts_added: int = 0
    facts_removed: int = 0
    facts_changed: int = 0
    errors: tuple[str, ...] = ()
    """`path:line: field: message` lines; empty when ok."""
    warnings: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the new knowledge differs from the old."""
        return self.ok and self.version != self.previous_version
