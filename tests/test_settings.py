"""Settings as an operator meets them: typos in `.env` or the environment are pointed out,
`run` says which `.env` it read, `--env-file` picks another, and a bad Discord-only setting
stops only the commands that talk to Discord."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
TOKEN_LIKE = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456"
NAMES = [name.upper() for name in Settings.model_fields]


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer .env or setting leaks in: an empty working folder, our names unset."""
    monkeypatch.chdir(tmp_path)
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def notes(err: str) -> list[str]:
    """What the command line itself said on stderr (not the knowledge's own warnings)."""
    return [line for line in err.splitlines() if line.startswith("archive-bot:")]


def write_env(text: str, name: str = ".env") -> Path:
    path = Path.cwd() / name
    path.write_text(text, encoding="utf-8")
    return path


def test_misspelled_key_in_env_file_is_warned_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`LOG_LEVL=DEBUG` in .env: a warning naming the file, line and the real name; the command
    still runs."""
    path = write_env("# comment\n\nLOG_LEVL=DEBUG\n")
    code, out, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert code == 0
    assert out.rstrip().endswith("valid")
    assert (
        f"archive-bot: warning: {path}:3: LOG_LEVL is not a setting; did you mean LOG_LEVEL?"
        in err.splitlines()
    )


def test_every_unknown_key_in_env_file_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key in .env that is like none of ours is still named (it is read by nothing)."""
    path = write_env("export GREETING=hello\n")
    _, _, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert (
        f"archive-bot: warning: {path}:1: GREETING is not a setting; "
        ".env.example lists every setting" in err.splitlines()
    )


def test_env_file_warning_never_shows_the_value(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A misspelled DISCORD_TOKEN key is named, its value (a secret) is not shown."""
    write_env(f"DISCROD_TOKEN={TOKEN_LIKE}\n")
    _, out, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert "DISCROD_TOKEN is not a setting; did you mean DISCORD_TOKEN?" in err
    for piece in (TOKEN_LIKE, *TOKEN_LIKE.split(".")):
        assert piece not in err + out


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("ANSWER_CHANNEL_ID", "ANSWER_CHANNEL_IDS"),
        ("LOG_LEVL", "LOG_LEVEL"),
        ("KNOWLEDGE_PATH", "KNOWLEDGE_DIR"),
        ("DISCORD_BOT_TOKEN", "DISCORD_TOKEN"),
    ],
)
def test_environment_variable_close_to_a_setting_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, meant: str
) -> None:
    """An environment variable that looks like one of ours, misspelled, gets "did you mean"."""
    monkeypatch.setenv(name, "1")
    code, _, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert code == 0
    assert (
        f"archive-bot: warning: the environment variable {name} is not a setting; "
        f"did you mean {meant}?" in err.splitlines()
    )


def test_other_programs_environment_variables_are_left_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Variables of other tools, even with similar words, give no warning."""
    for name in ("UV_CACHE_DIR", "PIP_CACHE_DIR", "XDG_CACHE_HOME", "LOGNAME", "LOG_DIR", "USER"):
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("DISCORD_WEBHOOK_URL", "https://example.org/")
    code, _, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert (code, notes(err)) == (0, [])


def test_run_says_which_env_file_it_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` names the .env it read (then stops here: the token in it is malformed)."""
    path = write_env("DISCORD_TOKEN=not-a-token\n")
    code, _, err = run(capsys, monkeypatch, "run")
    assert code == 2
    assert f"settings: read {path}" in err
    assert "DISCORD_TOKEN is malformed" in err


def test_run_says_when_there_is_no_env_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a .env, `run` says where it looked, so a misplaced file is easy to spot."""
    code, _, err = run(capsys, monkeypatch, "run")
    assert code == 2
    assert f"settings: no .env file at {Path.cwd() / '.env'}; the environment only" in err
    assert "DISCORD_TOKEN is not set" in err


def test_env_file_option_chooses_the_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--env-file PATH` reads that file instead of ./.env."""
    write_env("KNOWLEDGE_DIR=/nowhere\n")
    other = write_env(f"KNOWLEDGE_DIR={KNOWLEDGE}\n", "prod.env")
    code, out, err = run(capsys, monkeypatch, "--env-file", str(other), "validate")
    assert (code, notes(err)) == (0, [])
    assert f"folder: {KNOWLEDGE}" in out


def test_env_file_option_naming_a_missing_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--env-file` with a path that does not exist exits 2 and names the path."""
    code, _, err = run(capsys, monkeypatch, "--env-file", "missing.env", "validate")
    assert code == 2
    assert err.strip() == f"archive-bot: --env-file: no such file: {Path.cwd() / 'missing.env'}"


BAD_DISCORD_SETTINGS = {
    "ADMIN_ROLE_IDS": "moderators",
    "ANSWER_CHANNEL_IDS": "#general",
    "SHARD_COUNT": "many",
    "DISCORD_TOKEN": "Bot abc",
}


def test_bad_discord_settings_do_not_stop_validate(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invalid ADMIN_ROLE_IDS, ANSWER_CHANNEL_IDS, SHARD_COUNT and a malformed token: validate
    works and says nothing about them."""
    for name, value in BAD_DISCORD_SETTINGS.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert (code, notes(err)) == (0, [])
    assert out.rstrip().endswith("valid")


def test_bad_discord_settings_do_not_stop_ask(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same settings: `ask` answers from the bundled archive."""
    for name, value in BAD_DISCORD_SETTINGS.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, monkeypatch, "ask", "When was GSOMIA signed?")
    assert (code, notes(err)) == (0, [])
    assert "2016" in out


def test_bad_discord_settings_stop_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` names each invalid Discord setting and exits 2."""
    for name, value in BAD_DISCORD_SETTINGS.items():
        monkeypatch.setenv(name, value)
    code, _, err = run(capsys, monkeypatch, "run")
    assert code == 2
    for name in ("ADMIN_ROLE_IDS", "ANSWER_CHANNEL_IDS", "SHARD_COUNT"):
        assert f"archive-bot: invalid setting {name}: " in err
    assert "moderators" not in err


def test_a_bad_general_setting_still_stops_every_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """MAX_DEPTH is used by every command: an invalid one stops `validate` too."""
    monkeypatch.setenv("MAX_DEPTH", "deep")
    code, _, err = run(capsys, monkeypatch, "validate", str(KNOWLEDGE))
    assert code == 2
    assert "archive-bot: invalid setting MAX_DEPTH: " in err


def test_token_pasted_with_bot_prefix_gets_that_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`DISCORD_TOKEN=Bot <token>`: `run` says to drop the "Bot " prefix, never echoing it."""
    write_env(f"DISCORD_TOKEN=Bot {TOKEN_LIKE}\n")
    code, out, err = run(capsys, monkeypatch, "run")
    assert code == 2
    assert "DISCORD_TOKEN starts with 'Bot '" in err
    for piece in (TOKEN_LIKE, *TOKEN_LIKE.split(".")):
        assert piece not in err + out


def test_env_example_lists_every_setting_with_a_comment() -> None:
    """.env.example has a `NAME=` line for every setting, under a comment, and nothing else."""
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    keys = {}
    for number, line in enumerate(lines):
        match = re.match(r"([A-Z_]+)=", line)
        if match:
            keys[match[1]] = number
    assert sorted(keys) == sorted(NAMES)
    for name, number in keys.items():
        above = number - 1
        while above >= 0 and re.match(r"[A-Z_]+=", lines[above]):
            above -= 1  # settings documented together (QUESTION_BURST, QUESTION_REFILL_SECONDS)
        assert above >= 0, name
        assert lines[above].startswith("# "), name
