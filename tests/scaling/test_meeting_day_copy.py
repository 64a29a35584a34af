"""The meeting's day kept on each of its party rows (the index by party and day) stays the meeting's,
whatever writes it: a new party row, a changed date, a row moved to another meeting."""

import datetime as dt

import pytest
from django.db import connection

from events.models import Meeting, MeetingParty
from tests.factories import CountryFactory, MeetingFactory, MeetingPartyFactory

pytestmark = pytest.mark.django_db


def kept_days(meeting) -> set:
    return set(MeetingParty.objects.filter(meeting=meeting).values_list("meeting_start_date", flat=True))


def test_a_new_party_row_takes_its_meetings_day():
    meeting = MeetingFactory(start_date=dt.date(2019, 4, 25))
    MeetingPartyFactory(meeting=meeting)
    MeetingParty.objects.bulk_create([MeetingParty(meeting=meeting, party=CountryFactory())])
    assert kept_days(meeting) == {dt.date(2019, 4, 25)}


def test_a_changed_meeting_date_reaches_every_party_row():
    meeting = MeetingFactory(start_date=dt.date(2019, 4, 25))
    MeetingPartyFactory.create_batch(2, meeting=meeting)
    meeting.start_date = dt.date(2019, 5, 2)
    meeting.save()
    assert kept_days(meeting) == {dt.date(2019, 5, 2)}
    Meeting.objects.filter(pk=meeting.pk).update(start_date=dt.date(2018, 1, 1))
    assert kept_days(meeting) == {dt.date(2018, 1, 1)}


def test_a_row_moved_to_another_meeting_takes_that_meetings_day():
    first, second = (
        MeetingFactory(start_date=dt.date(2010, 1, 5)),
        MeetingFactory(start_date=dt.date(2020, 7, 1)),
    )
    row = MeetingPartyFactory(meeting=first)
    with connection.cursor() as cursor:
        # Raw SQL too: the copy is PostgreSQL's to keep, not the model's.
        cursor.execute("UPDATE events_meetingparty SET meeting_id = %s WHERE id = %s", [second.pk, row.pk])
    assert kept_days(second) == {dt.date(2020, 7, 1)}


def test_the_copy_is_no_event_in_the_history():
    meeting = MeetingFactory(start_date=dt.date(2019, 4, 25))
    row = MeetingPartyFactory(meeting=meeting)
    history = MeetingParty.pgh_event_model.objects.filter(pgh_obj_id=row.pk)
    assert history.count() == 1  # its insert
    meeting.start_date = dt.date(2019, 5, 2)
    meeting.save()
    assert history.count() == 1


def test_meetings_of_a_party_between_two_days_are_found_by_the_kept_day():
    party = CountryFactory()
    inside = MeetingFactory(start_date=dt.date(2015, 6, 1))
    outside = MeetingFactory(start_date=dt.date(2016, 6, 1))
    for meeting in (inside, outside):
        MeetingPartyFactory(meeting=meeting, party=party)
    found = Meeting.objects.involving(
        party, on_or_after=dt.date(2015, 1, 1), on_or_before=dt.date(2015, 12, 31)
    )
    assert list(found) == [inside]
    inside.start_date = dt.date(2016, 1, 2)
    inside.save()
    assert list(found.all()) == []
