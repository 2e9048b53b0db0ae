"""The knowledge folder: YAML files in, a frozen, validated Knowledge out.

`load_knowledge(folder, cache=FileCache(...))` walks the folder (`walk`),
reads each file safely (`yamlread`), validates it (`schema`) into a
`FileResult` that the cache keeps, then runs the folder-wide checks
(`crosscheck`) and builds the `Knowledge`. It never raises for bad content:
every problem comes back in the LoadResult as `path:line: field: message`.
`bot.cli.validate.run_validate` is the `validate` subcommand.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.knowledge.cache import FileCache
    from bot.knowledge.loader import LoadResult, load_knowledge
    from bot.knowledge.models import Archive, Fact, Knowledge, Post, Quote
    from bot.knowledge.problems import KnowledgeError, Problem

__all__ = [
    "Archive",
    "Fact",
    "FileCache",
    "Knowledge",
    "KnowledgeError",
    "LoadResult",
    "Post",
    "Problem",
    "Quote",
    "load_knowledge",
]

_HOME = {
    "FileCache": "bot.knowledge.cache",
    "LoadResult": "bot.knowledge.loader",
    "load_knowledge": "bot.knowledge.loader",
    "Archive": "bot.knowledge.models",
    "Fact": "bot.knowledge.models",
    "Knowledge": "bot.knowledge.models",
    "Post": "bot.knowledge.models",
    "Quote": "bot.knowledge.models",
    "KnowledgeError": "bot.knowledge.problems",
    "Problem": "bot.knowledge.problems",
}
"""Where each name lives: imported on first use, so that importing one module of the
package (a renderer importing the types) does not load the rest (numpy, the index)."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
