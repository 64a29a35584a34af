"""manage.py extract_claims: one JSON object per candidate, clear errors on bad input."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from partnerships.models import Party

SAMPLE = settings.SHARED_DIR / "samples" / "articles" / "000_52d297a0cf09d9ec.txt"
FIELDS = {"type", "party_a", "party_b", "parties", "tier", "kind", "date", "quote", "start", "end", "file"}


def run(*args, capsys):
    call_command("extract_claims", *args)
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_each_candidate_is_a_json_line_with_the_documented_fields(reference_data, capsys):
    records, summary = run(str(SAMPLE), "--published", "2023-09-15", "--format", "jsonl", capsys=capsys)
    text = SAMPLE.read_text(encoding="utf-8")
    assert records and all(set(record) >= FIELDS for record in records)
    for record in records:
        assert text[record["start"] : record["end"]] == record["quote"]
        assert record["file"] == str(SAMPLE)
    levels = [r for r in records if r["type"] == "level"]
    assert {"CN", "ZM"} == {levels[0]["party_a"], levels[0]["party_b"]}
    assert levels[0]["tier"] == "comprehensive-strategic-cooperative-partnership"
    venezuela = next(r for r in levels if "VE" in (r["party_a"], r["party_b"]))
    assert (venezuela["kind"], venezuela["date"]) == ("upgraded", "2023-09-13")
    meeting = next(r for r in records if r["type"] == "meeting")
    assert meeting["party_a"] is None and sorted(meeting["parties"]) == ["CN", "KH"]
    assert meeting["date"] == "2023-09-15"
    assert "level statements" in summary


def test_several_files_are_read_in_turn(reference_data, tmp_path, capsys):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(
        "China and Laos elevated ties to a comprehensive strategic cooperative partnership in 2009.\n"
    )
    second.write_text("Xi Jinping spoke by phone with Vladimir Putin on Monday.\n")
    records, _ = run(str(first), str(second), capsys=capsys)
    assert [(r["file"], r["type"]) for r in records] == [(str(first), "level"), (str(second), "meeting")]
    assert records[1]["date"] is None  # "on Monday" with no publication date to anchor it


def test_reference_data_is_loaded_when_the_database_has_none(db, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(
        "Kenya and China agreed to elevate ties to a comprehensive strategic partnership of cooperation."
    )
    records, messages = run(str(article), capsys=capsys)
    assert "loading countries, organisations and tiers" in messages
    assert Party.objects.filter(code="KE").exists()
    assert records[0]["tier"] == "comprehensive-strategic-cooperative-partnership"


def test_missing_file_is_named(db):
    with pytest.raises(CommandError, match="No such file: nowhere.txt"):
        call_command("extract_claims", "nowhere.txt")


@pytest.mark.parametrize("value", ["2024-13-01", "15/09/2023", "yesterday"])
def test_bad_publication_date_is_named(value, db):
    with pytest.raises(CommandError, match=f"--published '{value}' is not a date of the form YYYY-MM-DD"):
        call_command("extract_claims", str(SAMPLE), "--published", value)


def test_file_that_is_not_utf8_is_refused(reference_data, tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes("Côte d'Ivoire".encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("extract_claims", str(article))


def test_command_line_exits_non_zero_with_the_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", str(SAMPLE), "--published", "2023-02-30"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--published '2023-02-30' is not a date of the form YYYY-MM-DD" in result.stderr
