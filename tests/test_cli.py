"""The command line: show, threads, and one-line errors instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

from .conftest import DAILY8_SEED, FIXTURES, INKL_SEED, SEEDS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_title_meta_body_and_fold_markers(capsys) -> None:
    code, out, err = run(capsys, "show", str(INKL_SEED))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Turkiye and Israel hold talks to avoid clashes in Syria"
    assert lines[1] == "Al Jazeera · World · via inkl"
    assert "▸ paywall prompt · 3 lines · inkl" in lines
    assert "Sign up to read this article" not in out


def test_show_expand_prints_the_folded_text(capsys) -> None:
    _, out, _ = run(capsys, "show", "--expand", str(INKL_SEED))
    assert "▾ paywall prompt · 3 lines · inkl" in out
    assert "  │ Sign up to read this article" in out


def test_body_only_is_the_article_text_alone(capsys) -> None:
    _, out, _ = run(capsys, "show", "--body-only", str(DAILY8_SEED))
    paragraphs = out.strip().split("\n\n")
    assert len(paragraphs) == 12
    assert paragraphs[0].startswith("Turkish and Israeli officials")
    assert "Related Articles" not in out and "Turkiye and Israel hold talks" not in out


def test_json_gives_every_block_with_its_kind_and_fold(capsys) -> None:
    _, out, _ = run(capsys, "show", "--format", "json", str(INKL_SEED))
    data = json.loads(out)
    assert data["title"] == "Turkiye and Israel hold talks to avoid clashes in Syria"
    assert data["aggregator"] == "inkl"
    assert [f["kind"] for f in data["folds"]] == ["promo", "paywall", "related"]
    first = data["blocks"][0]
    assert first == {
        "kind": "paragraph",
        "text": "Get all your news in one place.",
        "level": 0,
        "fold": 0,
    }
    assert data["blocks"][4]["kind"] == "caption" and data["blocks"][4]["fold"] is None


def test_markdown_keeps_structure_and_puts_folds_in_details(capsys) -> None:
    _, out, _ = run(capsys, "show", "--format", "markdown", str(FIXTURES / "html" / "article.html"))
    assert out.startswith("# Lighthouse keepers return to Skerry Point\n")
    assert "## Why keepers again" in out
    assert "> “A machine can keep the lamp lit" in out
    assert "1. Morning: check the lamp" in out
    assert "```\nLamp  1,000 W" in out
    assert "*▸ newsletter sign\\-up · 1 line*" in out or "*▸ newsletter sign-up · 1 line*" in out
    _, expanded, _ = run(capsys, "show", "--format", "markdown", "--expand", str(INKL_SEED))
    assert "<details><summary>▾ paywall prompt · 3 lines · inkl</summary>" in expanded


def test_threads_json_lists_files_relative_to_the_path_given(capsys) -> None:
    code, out, _ = run(capsys, "threads", str(SEEDS), "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 1
    assert set(data[0]) == {"id", "title", "files", "read", "starred"}
    assert sorted(data[0]["files"]) == [INKL_SEED.name, DAILY8_SEED.name]


def test_threads_text_names_each_copy(capsys) -> None:
    _, out, _ = run(capsys, "threads", str(SEEDS))
    assert "Turkiye and Israel hold talks to avoid clashes in Syria  (2 copies)" in out


def test_a_bad_file_is_one_line_on_stderr_and_a_failing_status(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad\x1b[31m.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    code, out, err = run(capsys, "show", str(bad))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "binary" in err
    assert "\x1b" not in err


def test_a_missing_file_is_one_line_too(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "show", str(tmp_path / "missing.html"))
    assert code == 1 and err.startswith("reader: ") and err.count("\n") == 1


def test_threads_reports_unreadable_files_and_goes_on(capsys, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(INKL_SEED.read_text("utf-8"), "utf-8")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 10)
    _, out, err = run(capsys, "threads", str(tmp_path), "--json")
    assert [t["files"] for t in json.loads(out)] == [["good.txt"]]

    assert "bad.txt" in err and "Traceback" not in err


def test_python_dash_m_reader_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "show", "--body-only", str(DAILY8_SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Turkish and Israeli officials")


def test_index_reads_a_folder_into_the_cache_once(capsys) -> None:
    code, _, err = run(capsys, "index", str(SEEDS))
    assert code == 0
    assert "2 files: 2 read (0 unreadable), 0 gone, the rest unchanged; 1 story" in err
    code, _, err = run(capsys, "index", str(SEEDS))
    assert "2 files: 0 read" in err and "threads unchanged" in err


def test_index_wants_a_folder(capsys) -> None:
    code, _, err = run(capsys, "index", str(INKL_SEED))
    assert code == 1 and "not a folder" in err


def test_check_says_ok_or_why_not_for_each_file_in_scan_order(capsys, tmp_path: Path) -> None:
    (tmp_path / "a-story.txt").write_text(INKL_SEED.read_text())
    (tmp_path / "b-binary.html").write_bytes(b"\x00\x01\x02\x03 not text at all" * 50)
    (tmp_path / "c-empty.txt").write_text("")
    code, out, _ = run(capsys, "check", str(tmp_path), "--workers", "1")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("ok ") and "a-story.txt" in lines[0]
    assert "“Turkiye and Israel hold talks to avoid clashes in Syria”" in lines[0]
    assert lines[1].startswith("error ") and "b-binary.html  binary data, not text" in lines[1]
    assert lines[2].startswith("error ") and "c-empty.txt" in lines[2]
    assert all(" s  " in line for line in lines[:3])  # each says how long it took
    assert lines[3].startswith("3 files: 1 ok, 2 with errors; slowest ")


def test_check_output_carries_no_escapes_from_names_or_text(capsys, tmp_path: Path) -> None:
    name = "evil\x1b]0;title\x07\x1b[2J.txt"
    (tmp_path / name).write_text(
        "Headline \x1b[31mred\x9b1m\n\nA paragraph of the story, long enough."
    )
    code, out, _ = run(capsys, "check", str(tmp_path), "--workers", "1")
    assert code == 0
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "evil.txt" in out and "“Headline red”" in out


# ---- the walk's small faults (issue 16) ---------------------------------------------------


def test_index_of_a_missing_path_says_so_as_the_other_commands_do(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "index", str(tmp_path / "nope"))
    assert code == 1 and "no such file or folder" in err


def test_index_into_a_pipe_writes_plain_lines_not_a_redrawn_bar(capsys) -> None:
    code, _, err = run(capsys, "index", str(SEEDS))
    assert code == 0 and "\r" not in err
    assert all(len(line) < 200 for line in err.splitlines())


def test_check_counts_one_fold_as_one_fold(capsys, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(
        "A story\n\nThe harbour bridge stays open to walkers while engineers look at it.\n\n"
        "Download the app for the latest news.\n"
    )
    code, out, _ = run(capsys, "check", str(tmp_path), "--workers", "1")
    assert code == 0 and "· 1 fold\n" in out


def test_show_on_a_folder_says_it_is_a_folder(capsys) -> None:
    code, _, err = run(capsys, "show", str(SEEDS))
    assert code == 1 and "a folder, not an article file" in err


def test_show_body_only_says_it_takes_no_format_or_expand(capsys) -> None:
    code, out, err = run(capsys, "show", "--body-only", "--format", "json", str(INKL_SEED))
    assert code == 2 and out == "" and "--body-only" in err
    code, out, err = run(capsys, "show", "--body-only", "--expand", str(INKL_SEED))
    assert code == 2 and out == ""


def test_a_rules_file_with_an_unknown_kind_is_reported_by_the_cli(capsys) -> None:
    from reader.settings import Settings

    rules = Settings.load().rules_file
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text('[[rule]]\nid = "mine"\nkind = "advert"\nlines = ["Buy mugs"]\n')
    code, out, err = run(capsys, "show", str(INKL_SEED))
    assert code == 0 and out
    assert "unknown kind 'advert'" in err and err.count("\n") == 1


def test_the_app_without_a_terminal_refuses_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", str(SEEDS)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "needs a terminal" in result.stderr


def test_show_dash_reads_the_article_from_standard_input() -> None:
    page = INKL_SEED.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "reader", "show", "-"], input=page, capture_output=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.decode().startswith(
        "Turkiye and Israel hold talks to avoid clashes in Syria\n"
    )
    html = b"<html><head><title>Piped</title></head><body><p>" + b"A sentence. " * 20 + b"</p>"
    result = subprocess.run(
        [sys.executable, "-m", "reader", "show", "-", "--format", "json"],
        input=html,
        capture_output=True,
        timeout=60,
    )
    assert json.loads(result.stdout)["kind"] == "html"
    empty = subprocess.run(
        [sys.executable, "-m", "reader", "show", "-"], input=b"", capture_output=True, timeout=60
    )
    assert empty.returncode == 1 and b"standard input" in empty.stderr
