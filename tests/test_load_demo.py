"""`manage.py load_demo`: the cited starter dataset and demo meetings, loaded idempotently, problems named."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import Meeting
from partnerships.models import LevelPeriod, Party, PartyAlias, Tier
from sources.models import Source

pytestmark = pytest.mark.django_db


def run_load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        Party.objects.count(),
        PartyAlias.objects.count(),
        Tier.objects.count(),
        LevelPeriod.objects.count(),
        Source.objects.count(),
        Meeting.objects.count(),
        sorted(LevelPeriod.objects.values_list("pk", "end_status", "end_date")),
    )


def test_load_demo_twice_changes_nothing_the_second_time():
    first_output = run_load_demo()
    after_first = snapshot()
    second_output = run_load_demo()
    assert snapshot() == after_first
    assert "levels created" in first_output and "levels created" not in second_output
    assert after_first[3] > 100 and after_first[5] == 5


def test_load_demo_builds_the_russia_timeline_with_partial_dates():
    run_load_demo()
    china, russia = Party.objects.get(code="CN"), Party.objects.get(code="RU")
    timeline = list(LevelPeriod.objects.between(china, russia).order_by("start_date"))
    assert [(p.start, p.end) for p in timeline] == [
        ("1996", "2011-06"),
        ("2011-06", "2019-06-05"),
        ("2019-06-05", ""),
    ]
    assert all(period.citations.exists() and period.status == "published" for period in timeline)
    level = LevelPeriod.objects.level_of(china, russia, "cn", dt.date(2020, 1, 1))
    assert level.wording == "comprehensive strategic partnership of coordination for a new era"


def test_load_demo_names_the_rows_it_cannot_place():
    output = run_load_demo()
    assert "Japan — “mutually beneficial relationship based on common strategic interests" in output
    assert "wording matches no tier of the vocabulary" in output
    assert (
        "United Kingdom — “long-term and consistent comprehensive strategic partnership” (undated)" in output
    )


def test_load_demo_links_meetings_to_people_offices_and_announced_levels():
    run_load_demo()
    meeting = Meeting.objects.get(title="Wang Yi meets Sok Chenda Sophea")
    assert meeting.start_date == dt.date(2024, 5, 24)
    offices = {p.person.name: p.office for p in meeting.participants.all()}
    assert offices["Wang Yi"] == "Minister of Foreign Affairs"
    venezuela = Meeting.objects.get(title="Xi Jinping holds talks with Nicolás Maduro")
    assert venezuela.announced_levels.get().tier.slug == "all-weather-strategic-partnership"
    assert venezuela.citations.get().source.text.startswith("The leaders of China, Zambia, and Cambodia")


def test_load_demo_with_missing_data_folder_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="No data/china_partnerships.csv"):
        run_load_demo("--shared", str(tmp_path))
