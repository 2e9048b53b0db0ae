"""The knowledge folder: YAML files in, a frozen, validated Knowledge out.

`load_knowledge(folder, cache=FileCache(...))` walks the folder (`walk`),
reads each file safely (`yamlread`), validates it (`schema`) into a
`FileResult` that the cache keeps, then runs the folder-wide checks
(`crosscheck`) and builds the `Knowledge`. It never raises for bad content:
every problem comes back in the LoadResult as `path:line: field: message`.
`validate_cmd.run_validate` is the `validate` subcommand.
"""

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
