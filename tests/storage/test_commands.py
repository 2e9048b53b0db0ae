"""`archive-bot report` and `archive-bot misses`, driven as a curator would, on both backends."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.settings import BUNDLED_KNOWLEDGE
from bot.storage.records import Candidate
from tests.storage.conftest import BACKENDS, Handle, feedback, question

CHROMIUM = Path("/usr/bin/chromium")
SIGNED = Candidate("gsomia-signed-2016", None, 48.0)
"""A real fact of the bundled archive, stored without its post (as suggestions are)."""
HOSTILE = "<script>alert(1)</script> costs $5 and $6?"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings only from the test (the root conftest restores logging)."""
    monkeypatch.chdir(tmp_path)
    for name in ("KNOWLEDGE_DIR", "CACHE_DIR", "DATABASE_URL", "USER_HASH_SALT", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=BACKENDS)
def seeded(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Handle:
    """A database with a week of questions, and the environment pointing the CLI at it."""
    if request.param == "sqlite":
        monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
        handle = Handle("sqlite", str(tmp_path / "data" / "archive-bot.sqlite3"))
    else:
        handle = Handle("postgresql", request.getfixturevalue("pg_database"))
        monkeypatch.setenv("DATABASE_URL", handle.location)
        monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    day = dt.timedelta(days=1)
    signed = ["When was GSOMIA signed?", "what year was gsomia signed", "when was gsomia signed"]
    rows = [
        *(question(n, at=now - n * day, kind="answered") for n in range(6)),
        question(6, at=now, kind="likely", candidates=(Candidate("f-likely", "p", 70.0),)),
        *(
            question(10 + n, at=now - n * day, kind="unsure", text=text, candidates=(SIGNED,))
            for n, text in enumerate(signed)
        ),
        question(20, at=now - 2 * day, kind="silent", text=HOSTILE, candidates=()),
        question(30, at=now - 40 * day, kind="unsure", text="too old for a week"),
    ]

    async def seed() -> None:
        store = handle.store()
        await store.migrate()
        await store.write(rows, [feedback(1, at=now, kind="helpful", question_id=rows[0].id)])
        await store.close()

    asyncio.run(seed())
    return handle


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_prints_the_figures(seeded: Handle, capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal report counts the week's questions by kind and lists the misses."""
    code, out, _ = run(capsys, "report", "--days", "7")
    assert code == 0
    assert "asked: 11 by 1 people" in out
    assert "  answered: 6 (54.5%)" in out
    assert "answered rate (answered + likely): 63.6%" in out
    assert "feedback: 1 helpful, 0 not what I asked" in out
    assert "missed questions: 4 in 2 groups" in out
    assert "best candidate: fact gsomia-signed-2016, score 48.0" in out
    assert "too old for a week" not in out


def test_report_html_holds_the_charts(
    seeded: Handle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--html writes one offline page with the three charts as inline SVG, user text escaped."""
    page = tmp_path / "report.html"
    code, out, _ = run(capsys, "report", "--days", "7", "--html", str(page))
    assert code == 0
    assert f"wrote {page}" in out
    text = page.read_text(encoding="utf-8")
    for chart in ("chart-daily", "chart-tiers", "chart-misses"):
        figure = re.search(rf'<figure id="{chart}"><svg .*?</svg></figure>', text, re.S)
        assert figure is not None, chart
        assert "<path" in figure[0] or "<rect" in figure[0]
    assert text.count("<svg ") == 3
    assert "what year was gsomia signed" in text
    assert "<script" not in text  # the hostile question is shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; costs $5 and $6?" in text
    assert not re.search(r'(src|href)="(https?:)?//', text)  # nothing fetched from the network
    assert "<link" not in text


def _chromium() -> Path:
    """Debian's Chromium; CI (ARCHIVE_BOT_REQUIRE_CHROMIUM=1) fails instead of skipping."""
    if not CHROMIUM.exists():
        if os.environ.get("ARCHIVE_BOT_REQUIRE_CHROMIUM") == "1":
            pytest.fail("ARCHIVE_BOT_REQUIRE_CHROMIUM=1 but /usr/bin/chromium is missing")
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    return CHROMIUM


def _headless(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(_chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_report_html_shows_its_charts_in_chromium(
    seeded: Handle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Headless Chromium renders the page offline: a screenshot of each chart has ink."""
    import matplotlib.image

    page = tmp_path / "report.html"
    assert run(capsys, "report", "--html", str(page))[0] == 0
    shot = tmp_path / "report.png"
    done = _headless(
        "--window-size=1200,3000", f"--screenshot={shot}", page.as_uri(), profile=tmp_path / "p"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    pixels = matplotlib.image.imread(str(shot))[:, :, :3]
    inked = (pixels.sum(axis=2) < 2.4).mean()  # share of pixels darker than near-white
    assert inked > 0.01, f"the rendered page is nearly blank ({inked:.4f} inked)"
    coloured = (pixels.max(axis=2) - pixels.min(axis=2) > 0.15).mean()
    assert coloured > 0.002, f"no chart colours on the page ({coloured:.4f})"  # text is grey


def test_report_html_renders_in_chromium(
    seeded: Handle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Headless Chromium loads the page offline and its DOM holds the three charts."""
    _chromium()
    page = tmp_path / "report.html"
    assert run(capsys, "report", "--html", str(page))[0] == 0
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    for chart in ("chart-daily", "chart-tiers", "chart-misses"):
        assert re.search(rf'<figure id="{chart}"><svg\b', dom), chart
    assert dom.count("<svg") == 3


def test_misses_draft_is_refused_by_validate_until_filled(
    seeded: Handle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A draft placed in the knowledge folder fails validate at its TODO(curator) fields;
    filled with a real answer and a verbatim quote, the folder is valid again."""
    folder = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, folder)
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 0
    bundled_facts = int(re.search(r"^facts: (\d+)$", out, re.M)[1])  # type: ignore[index]
    draft = folder / "drafts.yaml"
    code, out, _ = run(capsys, "misses", "--days", "7", "--draft", str(draft))
    assert code == 0
    assert "wrote 2 draft facts" in out
    text = draft.read_text(encoding="utf-8")
    assert "- what year was gsomia signed" in text
    assert "post: gsomia-officially-restored" in text  # the best candidate's post

    code, _, err = run(capsys, "validate", str(folder))
    assert code == 1
    lines = text.splitlines()
    for field in ("answer", "quote"):
        line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{field}:"))
        assert f"drafts.yaml:{line}: facts[0].{field}: still holds the draft marker" in err
    assert "facts[1].post: still holds the draft marker" in err  # no candidate: no post

    filled = text.replace(
        next(line for line in lines if line.strip().startswith("answer:")).strip(),
        "answer: GSOMIA was signed in 2016.",
        1,
    )
    filled = re.sub(
        r"quote: .*TODO\(curator\).*",
        "quote: Signed in 2016, GSOMIA was seen as a rare symbol of security cooperation",
        filled,
        count=1,
    )
    header, first, _second = filled.split("\n\n  # ")  # keep the first draft only
    filled = f"{header}\n\n  # {first}\n"
    assert "TODO(curator):" not in filled  # (the header comment still names the marker)
    assert "- what year was gsomia signed" in filled
    draft.write_text(filled, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(folder))
    assert code == 0, err
    assert out.splitlines()[-1] == "valid"
    assert f"facts: {bundled_facts + 1}" in out


def test_misses_will_not_overwrite_a_draft(
    seeded: Handle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An existing draft (perhaps half edited) is kept unless --force is given."""
    draft = tmp_path / "draft.yaml"
    draft.write_text("# my edits\n")
    code, _, err = run(capsys, "misses", "--draft", str(draft))
    assert code == 1
    assert "exists; use --force" in err
    assert draft.read_text() == "# my edits\n"
    assert run(capsys, "misses", "--draft", str(draft), "--force")[0] == 0
    assert "TODO(curator)" in draft.read_text()


def test_an_unreachable_database_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A data folder that cannot be created gives exit 1 and one plain line, no traceback."""
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "file" / "data"))
    code, _, err = run(capsys, "report")
    assert code == 1
    mine = [line for line in err.splitlines() if line.startswith("archive-bot:")]
    assert len(mine) == 1
    assert mine[0].startswith("archive-bot: storage: SQLite ")
    assert "Not a directory" in mine[0]
    assert "Traceback" not in err


def test_days_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    """--days 0 is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as caught:
        main(["report", "--days", "0"])
    assert caught.value.code == 2
    assert "expected 1 to 3660 days" in capsys.readouterr().err
