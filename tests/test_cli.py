"""The `archive-bot` command line, driven as a user would, in a subprocess-free way."""

from __future__ import annotations

import io
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`main()` configures logging on the captured stderr; undo it for later tests."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings come only from the test, never from a developer's .env or environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("KNOWLEDGE_DIR", "CACHE_DIR", "DISCORD_TOKEN", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)


def test_ask_answers_the_quick_start_question(capsys, monkeypatch) -> None:
    """The README's first command prints the 2023 restoration with a quote and a link."""
    code, out, _ = run(capsys, monkeypatch, "ask", "When did South Korea restore GSOMIA?")
    assert code == 0
    assert "2023" in out
    assert "fully restored" in out
    assert "https://rokdrop.net/tag/gsomia/#:~:text=" in out


def test_ask_json_has_the_contract_fields(capsys, monkeypatch) -> None:
    """`ask --json` prints one object with every contract field."""
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "When was GSOMIA signed?")
    assert code == 0
    record = json.loads(out)
    for key in ("matched", "answer", "quote", "url", "post_id", "fact_id", "score"):
        assert key in record
    assert record["matched"] is True
    assert "2016" in record["answer"]


def test_batch_answers_one_line_per_non_empty_input_line_in_order(capsys, monkeypatch) -> None:
    """`ask --json -` skips blank lines and keeps the input order."""
    stdin = "When was GSOMIA signed?\n\n   \nwho won the 2022 world cup?\n"
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "-", stdin=stdin)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["question"] == "When was GSOMIA signed?"
    assert first["matched"] is True
    assert second["matched"] is False
    assert second["answer"] is None


def test_batch_json_escapes_non_ascii(capsys, monkeypatch) -> None:
    """Batch output is pure ASCII even for Korean questions and curly quotes."""
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "-", stdin="지소미아 언제 복원?\n")
    assert code == 0
    assert out.isascii()
    assert json.loads(out)["question"] == "지소미아 언제 복원?"


def test_unanswerable_question_says_i_dont_know(capsys, monkeypatch) -> None:
    """An off-topic question gets an honest "I don't know", not a made-up answer."""
    code, out, _ = run(capsys, monkeypatch, "ask", "What is the capital of Australia?")
    assert code == 0
    assert "I don't know" in out


def test_latest_prints_the_newest_post(capsys, monkeypatch) -> None:
    """`latest` shows the March 2023 restoration post first."""
    code, out, _ = run(capsys, monkeypatch, "latest", "--json", "--count", "2")
    assert code == 0
    posts = json.loads(out)
    assert len(posts) == 2
    assert posts[0]["date"] == "2023-03-21"
    assert posts[0]["date"] >= posts[1]["date"]


def test_validate_bundled_knowledge_exits_zero(capsys, monkeypatch) -> None:
    """The bundled archive is valid and the summary counts its ten posts."""
    code, out, _ = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert code == 0
    assert "posts: 10" in out


def test_validate_missing_folder_is_a_usage_error(capsys, monkeypatch, tmp_path) -> None:
    """A folder that does not exist exits 2 with a message."""
    code, _, err = run(capsys, monkeypatch, "validate", str(tmp_path / "nope"))
    assert code == 2
    assert "nope" in err


def test_ask_with_invalid_knowledge_prints_problems_and_exits_one(
    capsys, monkeypatch, tmp_path
) -> None:
    """A broken knowledge folder names the file, line and field, and exits 1."""
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "broken.yaml").write_text("posts:\n  - id: Bad Slug\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, "ask", "--knowledge", str(folder), "anything?")
    assert code == 1
    assert "broken.yaml:2: posts[0].id" in err


def test_chat_answers_each_line_like_ask(capsys, monkeypatch) -> None:
    """The console answers a question and /latest, then stops at end of input."""
    stdin = "When was GSOMIA signed?\n/latest\n/quit\nnot read\n"
    code, out, _ = run(capsys, monkeypatch, "chat", stdin=stdin)
    assert code == 0
    assert "2016" in out
    assert "Restore" in out
    assert "not read" not in out


def test_invalid_setting_is_reported_without_traceback(capsys, monkeypatch) -> None:
    """A malformed environment setting exits 2 naming the setting."""
    monkeypatch.setenv("ANSWER_CHANNEL_IDS", "general")
    code, _, err = run(capsys, monkeypatch, "latest")
    assert code == 2
    assert "ANSWER_CHANNEL_IDS" in err
    assert "Traceback" not in err
