"""The one-way house: discord lives in bot/discord, and the layers import downwards only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bot"

LAYERS: dict[str, tuple[str, ...]] = {
    # package -> the bot packages it must never import
    "bot.knowledge": ("bot.engine", "bot.render", "bot.service", "bot.cli", "bot.discord"),
    "bot.engine": ("bot.render", "bot.service", "bot.cli", "bot.discord"),
    "bot.render": ("bot.service", "bot.cli", "bot.discord"),
    "bot.service": ("bot.cli", "bot.discord"),
    "bot.storage": ("bot.render", "bot.service", "bot.cli", "bot.discord"),
    "bot.importer": ("bot.engine", "bot.render", "bot.service", "bot.cli", "bot.discord"),
    "bot.discord": ("bot.cli.main", "bot.cli.answer", "bot.cli.validate"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_only_bot_discord_imports_discord(path: Path) -> None:
    name = _module_name(path)
    uses_discord = any(m == "discord" or m.startswith("discord.") for m in _imports(path))
    assert not uses_discord or name.startswith("bot.discord"), (
        f"{name} imports discord outside bot/discord"
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_layers_import_downwards(path: Path) -> None:
    name = _module_name(path)
    for layer, forbidden in LAYERS.items():
        if name == layer or name.startswith(layer + "."):
            bad = sorted(
                m for m in _imports(path) for f in forbidden if m == f or m.startswith(f + ".")
            )
            assert not bad, f"{name} imports {bad}, above its layer"


def test_every_module_imports_first_without_a_circle() -> None:
    """Each module imported first in a fresh module table: an import circle fails here."""
    names = [_module_name(p) for p in MODULES if p.name != "__main__.py"]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'bot' or m.startswith('bot.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_renderers_and_types_load_without_the_index() -> None:
    """Importing a renderer or the reply types must not load numpy, the index or discord."""
    script = (
        "import sys\n"
        "import bot.render.json, bot.render.text, bot.engine.types, bot.knowledge.models\n"
        "heavy = [m for m in ('numpy', 'bot.engine.engine', 'discord') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == ""
