"""The `archive-bot` command line, driven as a user would, in a subprocess-free way."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from bot.cli.main import main
from bot.settings import describe_errors
from tests.questions import likely_question

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings come only from the test, never from a developer's .env or environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("KNOWLEDGE_DIR", "CACHE_DIR", "DISCORD_TOKEN", "LOG_LEVEL", "SHARD_COUNT"):
        monkeypatch.delenv(name, raising=False)


def test_ask_answers_the_quick_start_question(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first command prints the 2023 restoration with a quote and a link."""
    code, out, _ = run(capsys, monkeypatch, "ask", "When did South Korea restore GSOMIA?")
    assert code == 0
    assert "2023" in out
    assert "fully restored" in out
    assert "https://rokdrop.net/tag/gsomia/#:~:text=" in out


def test_ask_json_has_the_contract_fields(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ask --json` prints one object with every contract field."""
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "When was GSOMIA signed?")
    assert code == 0
    record = json.loads(out)
    for key in ("matched", "answer", "quote", "url", "post_id", "fact_id", "score"):
        assert key in record
    assert record["matched"] is True
    assert "2016" in record["answer"]


def test_batch_answers_one_line_per_non_empty_input_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
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


def test_batch_json_escapes_non_ascii(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch output is pure ASCII even for Korean questions and curly quotes."""
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "-", stdin="지소미아 언제 복원?\n")
    assert code == 0
    assert out.isascii()
    assert json.loads(out)["question"] == "지소미아 언제 복원?"


def test_unanswerable_question_says_i_dont_know(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An off-topic question gets an honest "I don't know", not a made-up answer."""
    code, out, _ = run(capsys, monkeypatch, "ask", "What is the capital of Australia?")
    assert code == 0
    assert "I don't know" in out


def test_latest_prints_the_newest_post(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`latest` shows the March 2023 restoration post first."""
    code, out, _ = run(capsys, monkeypatch, "latest", "--json", "--count", "2")
    assert code == 0
    posts = json.loads(out)
    assert len(posts) == 2
    assert posts[0]["date"] == "2023-03-21"
    assert posts[0]["date"] >= posts[1]["date"]


def test_validate_bundled_knowledge_exits_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled archive is valid and the summary counts its ten posts."""
    code, out, _ = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert code == 0
    assert "posts: 10" in out


def test_validate_one_file_of_the_knowledge_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`validate FILE` checks a facts file in a subfolder of KNOWLEDGE_DIR against the posts
    of the whole folder, and prints only that file's summary."""
    kb = tmp_path / "kb"
    (kb / "posts").mkdir(parents=True)
    (kb / "facts").mkdir()
    post = KNOWLEDGE / "posts" / "01-gsomia-officially-restored.yaml"
    text = post.read_text(encoding="utf-8")
    (kb / "posts" / "p.yaml").write_text(text[: text.index("facts:")], encoding="utf-8")
    (kb / "facts" / "f.yaml").write_text(text[text.index("facts:") :], encoding="utf-8")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(kb))
    code, out, err = run(capsys, monkeypatch, "validate", str(kb / "facts" / "f.yaml"))
    assert (code, err) == (0, "")
    assert "file: facts/f.yaml" in out
    assert "posts: 0" in out


def test_validate_missing_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A folder that does not exist exits 2 with a message."""
    code, _, err = run(capsys, monkeypatch, "validate", str(tmp_path / "nope"))
    assert code == 2
    assert "nope" in err


def test_ask_with_invalid_knowledge_prints_problems_and_exits_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A broken knowledge folder names the file, line and field, and exits 1."""
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "broken.yaml").write_text("posts:\n  - id: Bad Slug\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, "ask", "--knowledge", str(folder), "anything?")
    assert code == 1
    assert "broken.yaml:2: posts[0].id" in err


def test_chat_answers_each_line_like_ask(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console answers a question and /latest, then stops at end of input."""
    stdin = "When was GSOMIA signed?\n/latest\n/quit\nnot read\n"
    code, out, _ = run(capsys, monkeypatch, "chat", stdin=stdin)
    assert code == 0
    assert "2016" in out
    assert "Restore" in out
    assert "not read" not in out


def test_invalid_setting_is_reported_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A malformed environment setting exits 2 naming the setting (`run` uses it)."""
    monkeypatch.setenv("ANSWER_CHANNEL_IDS", "general")
    code, _, err = run(capsys, monkeypatch, "run")
    assert code == 2
    assert "ANSWER_CHANNEL_IDS" in err
    assert "Traceback" not in err


TOKEN_LIKE = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456"


def test_token_in_the_wrong_setting_is_never_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token pasted into ADMIN_ROLE_IDS is reported by name and expectation, never echoed."""
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN_LIKE)
    monkeypatch.setenv("ADMIN_ROLE_IDS", f"123, {TOKEN_LIKE}")
    code, out, err = run(capsys, monkeypatch, "run")
    assert code == 2
    assert "ADMIN_ROLE_IDS" in err
    assert "Discord ids" in err
    for piece in (TOKEN_LIKE, *TOKEN_LIKE.split(".")):
        assert piece not in err + out


def test_each_bad_setting_is_named_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A setting that fails several ways (SHARD_COUNT: a number or 'auto') is one line."""
    monkeypatch.setenv("SHARD_COUNT", "many")
    code, _, err = run(capsys, monkeypatch, "sync")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("archive-bot: invalid setting SHARD_COUNT: ")
    assert "'auto'" in lines[0]


class _Quoting(BaseModel):
    value: int

    @field_validator("value", mode="before")
    @classmethod
    def _refuse(cls, value: object) -> object:
        raise ValueError(f"cannot use {value!r}")


def test_validator_messages_that_quote_the_value_are_replaced() -> None:
    """A validator's own error text, which may quote the value, is never shown as is."""
    with pytest.raises(ValidationError) as caught:
        _Quoting(value=TOKEN_LIKE)
    (line,) = describe_errors(caught.value)
    assert line.startswith("VALUE: invalid value")
    assert TOKEN_LIKE not in line


REPO = Path(__file__).resolve().parents[1]


def test_closed_stdout_stops_quietly(tmp_path: Path) -> None:
    """`ask --json - | head -1`: when the reader goes away the batch stops without a traceback."""
    env = {k: v for k, v in os.environ.items() if k not in {"KNOWLEDGE_DIR", "CACHE_DIR"}}
    env["PYTHONPATH"] = str(REPO)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(b"When was GSOMIA signed?\n" * 2000)
    process.stdin.close()
    first = process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert json.loads(first)["matched"] is True
    assert process.stderr is not None
    assert process.stderr.read() == b""


def test_batch_survives_invalid_utf8_on_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line of invalid UTF-8 is answered with replacement characters; later lines still are."""
    raw = b"When was GSOMIA signed?\n\xff\xfe bad\nWhen was GSOMIA signed?\n"
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="strict")
    monkeypatch.setattr("sys.stdin", stdin)
    code = main(["ask", "--json", "-"])
    out, _ = capsys.readouterr()
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in records] == [
        "When was GSOMIA signed?",
        "\ufffd\ufffd bad",
        "When was GSOMIA signed?",
    ]


def test_json_never_carries_lone_surrogates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undecodable bytes in argv (lone surrogates) come out as U+FFFD, which strict JSON allows."""
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "caf\udce9 gsomia")
    assert code == 0
    assert "\\udc" not in out
    assert json.loads(out)["question"] == "caf\ufffd gsomia"


class _Interrupted(io.StringIO):
    """A console where the user presses Ctrl-C at the prompt."""

    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        raise KeyboardInterrupt


def test_ctrl_c_in_chat_exits_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the chat prompt ends the console with exit code 130."""
    monkeypatch.setattr("sys.stdin", _Interrupted())
    code = main(["chat"])
    assert code == 130


class _Terminal(io.StringIO):
    """Console input that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def test_ctrl_d_in_chat_ends_the_prompt_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-D at the prompt leaves the console on a fresh line, so the shell prompt is clean."""
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    code = main(["chat"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.endswith("> \n")


@pytest.mark.parametrize("arg", ["\u00b2", "9" * 5000])
def test_chat_latest_with_an_odd_count_shows_one_post(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, arg: str
) -> None:
    """`/latest ²` or a 5,000-digit count shows a post instead of crashing the console."""
    code, out, _ = run(capsys, monkeypatch, "chat", stdin=f"/latest {arg}\n")
    assert code == 0
    assert "Restore" in out


def test_env_example_copied_as_is_serves_the_bundled_archive(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copying .env.example to .env (blank KNOWLEDGE_DIR) still answers from the bundled archive."""
    shutil.copy(REPO / ".env.example", Path.cwd() / ".env")
    code, out, _ = run(capsys, monkeypatch, "ask", "When did South Korea restore GSOMIA?")
    assert code == 0
    assert "fully restored" in out


def test_knowledge_path_that_is_a_file_is_named_as_such(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`--knowledge FILE` says the path is not a folder (it exists) and exits 2."""
    path = tmp_path / "notes.yaml"
    path.write_text("posts: []\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, "ask", "--knowledge", str(path), "anything?")
    assert code == 2
    assert "not a folder" in err


def test_batch_ignores_a_byte_order_mark(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file saved with a UTF-8 BOM echoes its first question without the invisible U+FEFF."""
    stdin = "\ufeffWhen was GSOMIA signed?\n"
    code, out, _ = run(capsys, monkeypatch, "ask", "--json", "-", stdin=stdin)
    assert code == 0
    assert json.loads(out)["question"] == "When was GSOMIA signed?"


def test_env_file_saved_as_utf16_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .env written by Windows PowerShell (UTF-16) is named in one line, exit 2, no secret."""
    secret = "MTIz.NDU2.Nzg5"
    (Path.cwd() / ".env").write_text(f"DISCORD_TOKEN={secret}\n", encoding="utf-16")
    code, _, err = run(capsys, monkeypatch, "latest")
    assert code == 2
    assert ".env" in err
    assert "UTF-8" in err
    assert secret not in err


def test_an_engine_error_is_told_and_logged_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken engine is not "I don't know": the user is told, the log has one traceback,
    and a batch goes on with the next question."""
    from bot.engine import Engine

    def broken(self: Engine, question: str) -> None:
        raise RuntimeError("index broken")

    monkeypatch.setattr(Engine, "answer", broken)
    code, out, err = run(capsys, monkeypatch, "ask", "--json", "-", stdin="one\ntwo\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["question"] for line in lines] == ["one", "two"]
    assert all(line["matched"] is False and "logged" in line["error"] for line in lines)
    assert err.count("RuntimeError: index broken") == 2
    assert "I don't know" not in out


def test_chat_help_is_the_bots_guide_with_the_console_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "help", "what can you do" and /help show the archive, its range, commands, examples."""
    code, out, _ = run(capsys, monkeypatch, "chat", stdin="help\nwhat can you do?\n/HELP\n")
    assert code == 0
    assert out.count("ROK Drop (10 posts, November 10, 2019 to March 21, 2023)") == 3
    assert "/latest [N]: the newest post(s)" in out
    assert "Try: " in out


def test_chat_greetings_get_the_guide_and_thanks_a_welcome(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member who says "hi" or "thanks" gets the guide or a welcome, not "I don't know";
    a thank-you that goes on to ask something is a question."""
    stdin = "hi\nhello there!\nthanks!\nThank you so much\nthanks, when was gsomia signed\n"
    code, out, _ = run(capsys, monkeypatch, "chat", stdin=stdin)
    assert code == 0
    assert out.count("ROK Drop (10 posts, November 10, 2019 to March 21, 2023)") == 2
    assert out.count("You're welcome!") == 2
    assert "2016" in out


@pytest.mark.parametrize(
    ("text", "help_", "thanks"),
    [
        ("hi", True, False),
        ("hey bot!", True, False),
        ("good morning everyone", True, False),
        ("what is this bot for?", True, False),
        ("thx", False, True),
        ("thanks bot!", False, True),
        ("hi, when was gsomia signed?", False, False),
        ("thanks for nothing, when was it restored", False, False),
    ],
)
def test_greetings_help_and_thanks_are_whole_messages(text: str, help_: bool, thanks: bool) -> None:
    from bot.render.guide import says_thanks, wants_help

    assert wants_help(text) is help_
    assert says_thanks(text) is thanks


def test_chat_commands_ignore_case_and_unknown_ones_are_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "chat", stdin="/LATEST\n/frobnicate\n/Quit\nnot read\n")
    assert code == 0
    assert "Restore" in out
    assert "Unknown command /frobnicate. Commands: /latest [N], /about, /help, /quit." in out
    assert "not read" not in out


def test_chat_a_number_asks_the_last_replys_suggestion(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After suggestions, typing a number asks that suggestion; a number out of range says so."""
    code, out, _ = run(capsys, monkeypatch, "chat", stdin=f"{likely_question()}\n9\n1\n")
    assert code == 0
    first_reply = out.split("Or did you mean:")[1]
    suggestion = first_reply.splitlines()[1].split("1. ", 1)[1]
    assert "Pick a number from 1 to" in out
    assert f"Asking: {suggestion}" in out


def test_status_reports_what_about_shows_and_exits_0_when_the_bot_could_start(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "a-secret-token-value")
    code, out, err = run(capsys, monkeypatch, "status", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"] is True
    assert (report["archive"], report["posts"], report["facts"]) == ("ROK Drop", 10, 89)
    assert report["covers"] == ["November 10, 2019", "March 21, 2023"]
    assert report["token_set"] is True
    assert "a-secret-token-value" not in out + err


def test_status_without_a_token_or_with_broken_knowledge_says_why_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, err = run(capsys, monkeypatch, "status")
    assert code == 1
    assert "posts: 10" in out
    assert "problem: DISCORD_TOKEN is not set" in err
    folder = tmp_path / "broken"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "broken.yaml").write_text("posts:\n  - id: Bad Slug\n", encoding="utf-8")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(folder))
    monkeypatch.setenv("DISCORD_TOKEN", "x")
    code, _, err = run(capsys, monkeypatch, "status")
    assert code == 1
    assert "problem: " in err
    assert "broken.yaml:2: posts[0].id" in err


def test_search_lists_matching_posts_with_passage_and_link(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "search", "Harry", "Harris", "--limit", "3")
    assert code == 0
    assert out.startswith("1. U.S. Ambassador Says He is Not Aware of Talks to Cancel GSOMIA")
    assert "https://" in out
    code, out, _ = run(capsys, monkeypatch, "search", "gsomia", "--json", "--limit", "4")
    results = json.loads(out)["results"]
    assert len(results) == 4
    assert len({r["post_id"] for r in results}) == 4
    assert all(r["passage"] and r["url"].startswith("https://") for r in results)


def test_search_limit_below_one_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, "search", "gsomia", "--limit", "0")
    assert code == 2
    assert "--limit must be at least 1" in err
