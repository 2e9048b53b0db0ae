"""Start-up failures are one plain line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any
from unittest import mock

import discord
import pytest

from bot import exitcodes
from bot.discord import runner
from bot.discord.client import ArchiveBot
from bot.service import ArchiveService, StartupError
from bot.settings import Settings

VALID_SHAPE = "MTIzNDU2Nzg5MDEy.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


def settings_with(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, knowledge_dir=tmp_path, data_dir=tmp_path / "data", **values)


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token_is_a_plain_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], token: str | None
) -> None:
    """No DISCORD_TOKEN: one line on stderr naming the setting, exit code 2."""
    code = runner.run_bot(settings_with(tmp_path, discord_token=token))
    err = capsys.readouterr().err
    assert code == exitcodes.USAGE
    assert err.count("\n") == 1
    assert "DISCORD_TOKEN is not set" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("token", ["not-a-token", "a.b", "a.b.c.d", "a b.c.d", "abc.d$f.ghi"])
def test_malformed_token_is_a_plain_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    """A token that is not three base64url parts is refused before any network call."""
    code = runner.sync_commands(settings_with(tmp_path, discord_token=token))
    err = capsys.readouterr().err
    assert code == exitcodes.USAGE
    assert "malformed" in err
    assert token not in err


def test_well_shaped_token_passes_the_cheap_check(tmp_path: Path) -> None:
    """A three-part base64url token passes the shape check."""
    token, problem = runner.read_token(settings_with(tmp_path, discord_token=VALID_SHAPE))
    assert (token, problem) == (VALID_SHAPE, None)


def test_invalid_knowledge_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invalid knowledge: a headline plus one `path:line: field: message` line per problem."""
    lines = ("a.yaml:1: posts[0].id: missing", "b.yaml:7: facts[2].post: unknown post")

    def fail(settings: Settings) -> ArchiveService:
        raise StartupError(lines)

    monkeypatch.setattr(ArchiveService, "start", fail)
    code = runner.run_bot(settings_with(tmp_path, discord_token=VALID_SHAPE))
    err = capsys.readouterr().err.splitlines()
    assert code == exitcodes.FAILURE
    assert "is invalid" in err[0]
    assert err[1:] == list(lines)


def test_invalid_knowledge_folder_on_disk_fails_start_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the real loader, a broken YAML file stops start-up and is named with its line."""
    (tmp_path / "bad.yaml").write_text("posts:\n  - id: x\n    title: [unclosed\n", "utf-8")
    code = runner.run_bot(settings_with(tmp_path, discord_token=VALID_SHAPE))
    err = capsys.readouterr().err
    assert code == exitcodes.FAILURE
    assert "bad.yaml:" in err
    assert "Traceback" not in err


def test_missing_knowledge_folder_fails_start_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A knowledge folder that does not exist stops start-up with its path."""
    missing = tmp_path / "nope"
    code = runner.run_bot(settings_with(missing, discord_token=VALID_SHAPE))
    err = capsys.readouterr().err
    assert code == exitcodes.FAILURE
    assert str(missing) in err


async def test_privileged_intents_error_explains_the_portal_setting(
    bot: ArchiveBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused Message Content intent prints how to enable it and exits non-zero."""
    monkeypatch.setattr(
        bot, "start", mock.AsyncMock(side_effect=discord.PrivilegedIntentsRequired(0))
    )
    stderr = io.StringIO()
    code = await runner.serve(bot, VALID_SHAPE, stderr=stderr)
    assert code == exitcodes.FAILURE
    assert "Message Content" in stderr.getvalue()
    assert "Developer Portal" in stderr.getvalue()
    assert stderr.getvalue().count("\n") == 1


async def test_login_failure_is_one_plain_line(
    bot: ArchiveBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rejected token prints one line without the token and exits non-zero."""
    monkeypatch.setattr(bot, "start", mock.AsyncMock(side_effect=discord.LoginFailure("bad")))
    stderr = io.StringIO()
    code = await runner.serve(bot, VALID_SHAPE, stderr=stderr)
    assert code == exitcodes.FAILURE
    assert "rejected DISCORD_TOKEN" in stderr.getvalue()
    assert VALID_SHAPE not in stderr.getvalue()


def test_discord_logger_follows_log_level(tmp_path: Path) -> None:
    """LOG_LEVEL sets the discord logger's level."""
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    saved = [logger.level for logger in loggers]
    try:
        runner.configure_logging(settings_with(tmp_path, log_level="warning"))
        assert loggers[0].level == logging.WARNING
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)


async def test_no_misleading_prefix_intent_warning(
    settings: Settings, service: ArchiveService, caplog: pytest.LogCaptureFixture
) -> None:
    """Without answer channels the bot starts without discord.py's Message Content warning."""
    caplog.set_level(logging.WARNING, logger="discord.ext.commands.bot")
    quiet = settings.model_copy(update={"answer_channel_ids": []})
    bot = ArchiveBot(settings=quiet, service=service)
    await bot._async_setup_hook()  # where discord.py checks the intent, as login does
    assert bot.intents.message_content is False
    assert "message content intent is missing" not in caplog.text
