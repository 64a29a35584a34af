"""Meetings between officials: visits, talks, calls, summits; their parties, participants and citations."""

import datetime as dt
import itertools

import pgtrigger
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from core import search
from core.history import tracked
from core.partial_dates import (
    PartialDateRulesInClean,
    Precision,
    check_partial_date,
    format_partial_date,
    partial_date_constraints,
)
from core.search import BestMatches
from core.versioning import version_bump_trigger, version_field
from events.models.people import Person
from partnerships.models import LevelPeriod, Party
from partnerships.status import QuotedClaim, Status
from sources.models import Citation


@tracked()
class MultilateralEvent(models.Model):
    """A summit or forum at which bilateral meetings take place: a G20 summit, a BRICS summit."""

    name = models.CharField(max_length=300)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    city = models.CharField(max_length=200, blank=True)
    host = models.ForeignKey(
        Party,
        # Reference data.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    updated_at = models.DateTimeField(auto_now=True)

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="multilateral_event_ends_after_start",
            ),
            # What names an event in the data package (its events table's key) and in the import.
            models.UniqueConstraint(
                Lower("name"),
                "start_date",
                name="multilateral_event_one_per_name_and_day",
                violation_error_message="An event of this name already began on this day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date.year})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The event cannot end before it starts."})


QUOTED_MEETINGS = QuotedClaim(
    claim="meeting",
    plural="meetings",
    claim_table="events_meeting",
    citation_table="events_meetingcitation",
    claim_field="meeting",
)


class MeetingMode(models.TextChoices):
    VISIT = "visit", "visit"
    TALKS = "talks", "talks"
    CALL = "call", "phone or video call"
    SUMMIT = "summit", "summit"
    STRATEGIC_DIALOGUE = "strategic_dialogue", "strategic dialogue"
    SIDELINES = "sidelines", "on the sidelines of a multilateral event"


# A pair's record lists its latest meetings; the meetings list has them all (busy pairs have thousands).
PAIR_RECORD_MEETINGS = 20


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def awaiting_review(self):
        return self.filter(status=Status.IN_REVIEW)

    def published_without_archived_copy(self):
        """Published meetings citing a source of which no archived copy is recorded."""
        return self.published().filter(
            Exists(MeetingCitation.objects.filter(meeting=OuterRef("pk"), source__archive_url=""))
        )

    def possible_duplicates(self, *, days: int = 3):
        """Meetings with another (not retracted) meeting of 2 or more of the same parties within ``days``."""
        return self.exclude(status=Status.RETRACTED).filter(
            RawSQL(
                """EXISTS (
                    SELECT 1 FROM events_meeting other
                    WHERE other.id <> events_meeting.id AND other.status <> 'retracted'
                      AND abs(other.start_date - events_meeting.start_date) <= %s
                      AND (SELECT count(*) FROM events_meetingparty mine
                           JOIN events_meetingparty theirs ON theirs.party_id = mine.party_id
                           WHERE mine.meeting_id = events_meeting.id AND theirs.meeting_id = other.id) >= 2
                )""",
                [days],
                output_field=models.BooleanField(),
            )
        )

    def involving(self, party: Party, *, on_or_after=None, on_or_before=None):
        """Meetings ``party`` took part in, on days between the bounds given: found from the party's own rows
        by the meeting's day they keep (index meeting_party_by_party_day), not by scanning its meetings."""
        rows = MeetingParty.objects.filter(party=party)
        if on_or_after:
            rows = rows.filter(meeting_start_date__gte=on_or_after)
        if on_or_before:
            rows = rows.filter(meeting_start_date__lte=on_or_before)
        return self.filter(pk__in=rows.values("meeting"))

    def between(self, first: Party, second: Party):
        return self.involving(first).involving(second)

    def with_person(self, person: Person):
        return self.filter(participants__person=person).distinct()

    def visible_to(self, user):
        """Every meeting for a user who may view them (editors); published ones for everyone else (API)."""
        return self if user.has_perm("events.view_meeting") else self.published()

    def in_year(self, year: int):
        return self.filter(start_date__year=year)

    def involving_in_year(self, party: Party, year: int):
        """Meetings ``party`` took part in during ``year`` (found by the day its rows keep)."""
        return self.involving(party, on_or_after=dt.date(year, 1, 1), on_or_before=dt.date(year, 12, 31))

    def of_mode(self, mode: str):
        return self.filter(mode=mode)

    def search(self, text: str):
        """Meetings matching ``text``: full-text on title and summary, ranked; trigrams for misspelt titles.

        A title word half-similar to ``text`` counts: "Bejing" finds Beijing (``core.search``).
        """
        return search.ranked(self, text, "-start_date", "pk")

    def best_matches(self, text: str) -> BestMatches:
        """The search page's meetings: the best of a bounded set of matches (``core.search``)."""
        return search.best_matches(self, text, "-start_date", "pk")

    def cited_by(self, source):
        """Meetings backed by ``source``, each with ``source_citations``: its citations (source page)."""
        citations = MeetingCitation.objects.filter(source=source)
        return self.filter(pk__in=citations.values("meeting")).prefetch_related(
            models.Prefetch("citations", queryset=citations, to_attr="source_citations")
        )

    def attending_parties(self):
        """The parties at these meetings, by name (the meetings list's party filter)."""
        return Party.objects.filter(pk__in=self.values("meeting_parties__party")).order_by("name")

    def attending_people(self):
        """The people at these meetings, by name (the meetings list's person filter)."""
        return Person.objects.filter(pk__in=self.values("participants__person")).order_by("name")

    def latest_first(self):
        return self.order_by("-start_date", "-pk")

    def for_timeline_marks(self):
        """Just what a timeline marks for each meeting: its date and title (pair page chart)."""
        return self.only("pk", "title", "start_date", "start_date_precision", "end_date").order_by(
            "start_date", "pk"
        )

    def for_public_list(self):
        """Meetings with place, event, parties and participants' names: no query per row (meetings lists)."""
        return self.select_related("place", "multilateral_event").prefetch_related(
            models.Prefetch("meeting_parties", queryset=MeetingParty.objects.select_related("party")),
            models.Prefetch("participants", queryset=Participant.objects.select_related("person", "party")),
        )

    def for_public_page(self):
        """A meeting with participants' offices, citations and the published levels it announced (page)."""
        participants = Participant.objects.select_related("person", "party").prefetch_related(
            "person__positions"
        )
        return self.select_related("place", "multilateral_event").prefetch_related(
            models.Prefetch("meeting_parties", queryset=MeetingParty.objects.select_related("party")),
            models.Prefetch("participants", queryset=participants),
            models.Prefetch("citations", queryset=MeetingCitation.objects.with_sources()),
            models.Prefetch("announced_levels", queryset=LevelPeriod.objects.for_public_timeline()),
        )


# "Meetings of party X between two days" is the meetings list's question: answered from the party's own rows
# in date order, the meeting's day is kept on them. PostgreSQL keeps the copy whatever path writes.
_COPY_MEETING_DAY = pgtrigger.Trigger(
    name="copy_meeting_day",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.UpdateOf("meeting_id"),
    func="NEW.meeting_start_date := (SELECT start_date FROM events_meeting WHERE id = NEW.meeting_id); "
    "RETURN NEW;",
)
_SPREAD_MEETING_DAY = pgtrigger.Trigger(
    name="spread_meeting_day",
    when=pgtrigger.After,
    operation=pgtrigger.UpdateOf("start_date"),
    condition=pgtrigger.Q(old__start_date__df=pgtrigger.F("new__start_date")),
    func="UPDATE events_meetingparty SET meeting_start_date = NEW.start_date WHERE meeting_id = NEW.id; "
    "RETURN NULL;",
)


@tracked(exclude=("search_vector",))
class Meeting(PartialDateRulesInClean, models.Model):
    """Officials of two or more parties meeting: a visit, talks, a call, a summit."""

    title = models.CharField(
        max_length=300, help_text="A short headline: “Xi Jinping meets Hun Manet in Beijing”."
    )
    summary = models.TextField(blank=True)
    mode = models.CharField(max_length=20, choices=MeetingMode.choices, default=MeetingMode.TALKS)
    start_date = models.DateField(
        help_text="The day (or first day) of the meeting; first day of the period if partial."
    )
    start_date_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.DAY)
    end_date = models.DateField(null=True, blank=True, help_text="Last day, for a meeting over several days.")
    city = models.CharField(max_length=200, blank=True)
    place = models.ForeignKey(
        Party,
        # Reference data.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        help_text="The country where it took place (empty for calls).",
    )
    multilateral_event = models.ForeignKey(
        MultilateralEvent,
        # A meeting keeps its context; remove the meetings' link before deleting an event.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    outcomes = models.TextField(blank=True, help_text="Agreements signed, statements issued, other results.")
    announced_levels = models.ManyToManyField(
        LevelPeriod,
        blank=True,
        related_name="announced_at",
        help_text="Level periods this meeting established or upgraded.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    retraction_reason = models.TextField(
        blank=True,
        help_text="Why a published meeting was withdrawn; shown to curators, required when retracted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=RawSQL(
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(summary, '')), 'B')",
            [],
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = MeetingQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger(), QUOTED_MEETINGS.publication_rule(), _SPREAD_MEETING_DAY]
        permissions = QUOTED_MEETINGS.review_permissions()
        ordering = ["-start_date", "title"]
        constraints = [
            *partial_date_constraints("meeting", "start_date", nullable=False),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date_precision=Precision.DAY),
                name="meeting_range_needs_day_precision",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | ~Q(retraction_reason=""),
                name="meeting_retraction_has_reason",
            ),
        ]
        indexes = [
            # Meetings lists: newest first, by status.
            models.Index(fields=["status", "-start_date"], name="meeting_status_date"),
            # Full-text search over title and summary; misspelt title words.
            GinIndex(fields=["search_vector"], name="meeting_search"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="meeting_title_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date_display})"

    def pairs(self) -> list[tuple]:
        """Each two of the meeting's parties, lower id first as pair pages order them (reads the prefetched
        ``meeting_parties``: ``for_public_page``)."""
        parties = sorted((attending.party for attending in self.meeting_parties.all()), key=lambda p: p.pk)
        return list(itertools.combinations(parties, 2))

    @property
    def date_display(self) -> str:
        start = format_partial_date(self.start_date, self.start_date_precision)
        return f"{start} – {self.end_date.isoformat()}" if self.end_date else start

    def clean(self):
        # A missing date is reported by field validation; here only what a given date must obey.
        errors = check_partial_date(self.start_date, self.start_date_precision, field="start_date")
        if self.start_date and self.start_date_precision == Precision.UNKNOWN:
            errors["start_date_precision"] = "A meeting's date needs a precision: day, month or year."
        if self.end_date and self.start_date:
            if self.end_date < self.start_date:
                errors["end_date"] = "The meeting cannot end before it starts."
            elif self.start_date_precision != Precision.DAY:
                errors["end_date"] = (
                    "A meeting over several days needs its first day exactly (day precision)."
                )
        if self.status == Status.RETRACTED and not self.retraction_reason.strip():
            errors["retraction_reason"] = "Say why the meeting is retracted."
        if errors:
            raise ValidationError(errors)


class MeetingRole(models.TextChoices):
    HOST = "host", "host"
    VISITOR = "visitor", "visitor"
    PARTICIPANT = "participant", "participant"


# The copied day is the meeting's, not a fact of its own: no snapshot when only it changes.
@tracked(exclude=("meeting_start_date",))
class MeetingParty(models.Model):
    """A party taking part in a meeting, as host, visitor or participant."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="meeting_parties")
    party = models.ForeignKey(
        Party,
        # Reference data.
        on_delete=models.PROTECT,
        related_name="meeting_parties",
    )
    role = models.CharField(max_length=12, choices=MeetingRole.choices, default=MeetingRole.PARTICIPANT)
    # Written by the copy_meeting_day trigger on insert (blank here: the row's save leaves it to PostgreSQL).
    meeting_start_date = models.DateField(blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "role", "party__name"]
        verbose_name = "party at the meeting"
        verbose_name_plural = "parties at the meeting"
        constraints = [models.UniqueConstraint(fields=["meeting", "party"], name="meeting_party_unique")]
        indexes = [
            # "Meetings of party X" (the unique constraint serves lookups by meeting).
            models.Index(fields=["party", "meeting"], name="meeting_party_by_party"),
            # "Meetings of party X between two days, newest first" (docs/performance.md, the plan).
            models.Index(
                fields=["party", "-meeting_start_date", "-meeting"], name="meeting_party_by_party_day"
            ),
        ]
        triggers = [_COPY_MEETING_DAY]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"


@tracked()
class Participant(models.Model):
    """A person at a meeting, the party they represented and their office at the time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person,
        # People are referenced across meetings; merge them rather than delete.
        on_delete=models.PROTECT,
        related_name="participations",
    )
    party = models.ForeignKey(
        Party,
        # Reference data.
        on_delete=models.PROTECT,
        related_name="participations",
        help_text="The party the person represented.",
    )
    role_title = models.CharField(
        "office at the time",
        max_length=200,
        blank=True,
        help_text="Leave empty to take it from the person's positions on the meeting date.",
    )

    class Meta:
        ordering = ["meeting", "party__name", "person__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="participant_unique")]
        indexes = [models.Index(fields=["person"], name="participant_person")]

    def __str__(self) -> str:
        title = self.office
        return f"{self.person} ({title}, {self.party})" if title else f"{self.person} ({self.party})"

    @property
    def office(self) -> str:
        """The office held at the meeting: as entered, else from the person's positions that day."""
        return self.role_title or self.person.title_on(self.meeting.start_date)


@tracked()
class MeetingCitation(Citation):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="citations")

    Meta = QUOTED_MEETINGS.citation_meta(unique_name="meeting_citation_unique")
