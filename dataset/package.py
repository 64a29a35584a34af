"""The whole public dataset as a Frictionless data package: a zip of CSV files and ``datapackage.json``.

Tables are written by the same flat serializers as the API's CSV answers, so a column means the
same thing in both; ``datapackage.json`` is derived from those serializers (name, type, description)
and from the keys declared here. Only published records are exported, with their public columns;
``private=True`` (``export_dataset --include-private``, never the web) is a curator's full backup: every
record whatever its review status, with the columns the public does not see (notes, retraction reasons,
the sources' stored text). The release date is the day of the latest change, so two exports of the same
data are byte for byte the same.
"""

import datetime as dt
import io
import json
import typing
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Max, OuterRef
from rest_framework import serializers

from core.api.fields import UPDATED_HELP, EdtfField, partial_date
from core.api.renderers import LIST_SEPARATOR, flat_columns, holds_list, write_csv
from events.api.serializers import MeetingSerializer, PersonRowSerializer
from events.models import (
    Meeting,
    MeetingCitation,
    MeetingParty,
    MultilateralEvent,
    Participant,
    Person,
    Position,
)
from partnerships.api.serializers import LevelRowSerializer, PartySerializer, SchemeSerializer, TierSerializer
from partnerships.models import LevelPeriod, LevelPeriodCitation, Party, Scheme, Tier
from sources.api.citing import backing_sources, every_source
from sources.api.serializers import SourceSerializer
from sources.models import Source

NAME = "entente"
TITLE = "Entente: diplomatic partnership levels between countries and organisations"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
EXPORT_PATH = "/api/v1/export/"
PRIVATE_NAME = f"{NAME}-private"
NOT_FOR_PUBLICATION = (
    "A curator's full backup, not for publication: every record whatever its review status (drafts, "
    "in review, retracted), with curators' notes, retraction reasons and the sources' stored text."
)


class MeetingExportSerializer(MeetingSerializer):
    multilateral_event_start_date = serializers.DateField(
        source="multilateral_event.start_date",
        allow_null=True,
        read_only=True,
        help_text="The day the summit it took place at began (events.start_date): with its name, the summit.",
    )

    class Meta(MeetingSerializer.Meta):
        _after = MeetingSerializer.Meta.fields.index("multilateral_event") + 1
        fields = [
            *MeetingSerializer.Meta.fields[:_after],
            "multilateral_event_start_date",
            *MeetingSerializer.Meta.fields[_after:],
            "summary",
            "outcomes",
        ]


class MeetingBackupSerializer(MeetingExportSerializer):
    """A meeting with what only curators see (the full backup)."""

    class Meta(MeetingExportSerializer.Meta):
        _after = MeetingExportSerializer.Meta.fields.index("status") + 1
        fields = [
            *MeetingExportSerializer.Meta.fields[:_after],
            "retraction_reason",
            *MeetingExportSerializer.Meta.fields[_after:],
        ]


class LevelBackupRowSerializer(LevelRowSerializer):
    """A level period with what only curators see (the full backup)."""

    class Meta(LevelRowSerializer.Meta):
        _after = LevelRowSerializer.Meta.fields.index("status") + 1
        fields = [
            *LevelRowSerializer.Meta.fields[:_after],
            "retraction_reason",
            "notes",
            *LevelRowSerializer.Meta.fields[_after:],
        ]


class SourceBackupSerializer(SourceSerializer):
    """A source with when a curator last read it and its stored text (the full backup)."""

    class Meta(SourceSerializer.Meta):
        _after = SourceSerializer.Meta.fields.index("archive_url") + 1
        fields = [
            *SourceSerializer.Meta.fields[:_after],
            "accessed_on",
            "text",
            *SourceSerializer.Meta.fields[_after:],
        ]


class EventRowSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The summit's or forum's name, as its meetings give it.")
    start_date = serializers.DateField(help_text="Its first day.")
    end_date = serializers.DateField(
        allow_null=True, help_text="Its last day; empty if it lasted one day or is not known."
    )
    city = serializers.CharField(help_text="The city it was held in.")
    host = serializers.CharField(
        source="host.code", allow_null=True, help_text="The party that hosted it (parties.code), if any."
    )
    updated_at = serializers.DateTimeField(help_text=UPDATED_HELP)


class MeetingPartyRowSerializer(serializers.Serializer):
    meeting_id = serializers.IntegerField(help_text="The meeting (meetings.id).")
    party = serializers.CharField(source="party.code", help_text="The party's code (parties.code).")
    role = serializers.CharField(help_text="host, visitor or participant.")


class ParticipantRowSerializer(serializers.Serializer):
    meeting_id = serializers.IntegerField(help_text="The meeting (meetings.id).")
    person = serializers.CharField(source="person.slug", help_text="The person (people.slug).")
    party = serializers.CharField(source="party.code", help_text="The party represented (parties.code).")
    office = serializers.CharField(help_text="Their office at the time of the meeting.")


class CitationRowSerializer(serializers.Serializer):
    source_id = serializers.IntegerField(help_text="The source (sources.id).")
    quote = serializers.CharField(help_text="The source's words, verbatim, that back the claim.")
    locator = serializers.CharField(help_text="Where the quote stands: a paragraph, a page.")


class LevelCitationRowSerializer(CitationRowSerializer):
    level_id = serializers.IntegerField(source="level_period_id", help_text="The level period (levels.id).")


class MeetingCitationRowSerializer(CitationRowSerializer):
    meeting_id = serializers.IntegerField(help_text="The meeting (meetings.id).")


class AnnouncementRowSerializer(serializers.Serializer):
    meeting_id = serializers.IntegerField(help_text="The meeting (meetings.id).")
    level_id = serializers.IntegerField(
        source="levelperiod_id", help_text="The level it announced (levels.id)."
    )


class PositionRowSerializer(serializers.Serializer):
    person = serializers.CharField(source="person.slug", help_text="The person (people.slug).")
    title = serializers.CharField(help_text="The office as the sources name it.")
    party = serializers.CharField(source="party.code", help_text="The party it is held for (parties.code).")
    start = serializers.SerializerMethodField(help_text="Took office: YYYY, YYYY-MM or YYYY-MM-DD.")
    end = serializers.SerializerMethodField(
        help_text="Left office: YYYY, YYYY-MM or YYYY-MM-DD; empty while held."
    )
    start_edtf = EdtfField("start_date")
    end_edtf = EdtfField("end_date", help_text="Left office, in EDTF; empty while held.")

    def get_start(self, position) -> str | None:
        return partial_date(position.start_date, position.start_date_precision)

    def get_end(self, position) -> str | None:
        return partial_date(position.end_date, position.end_date_precision)


@dataclass
class Table:
    name: str
    description: str
    serializer: type[serializers.Serializer]
    rows: typing.Callable[[], typing.Iterable]
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)

    def columns(self):
        return flat_columns(self.serializer())

    def schema(self) -> dict:
        return {
            "fields": [_field(column) for column in self.columns()],
            "primaryKey": self.primary_key,
            "foreignKeys": [
                {"fields": fields, "reference": {"resource": resource, "fields": target}}
                for fields, resource, target in self.foreign_keys
            ],
            "missingValues": [""],
        }


def _levels(*, private: bool):
    return LevelPeriod.objects.all() if private else LevelPeriod.objects.published()


def _meetings(*, private: bool):
    return Meeting.objects.all() if private else Meeting.objects.published()


def _events(*, private: bool):
    """The summits a published meeting was held at (one that only drafts name is not public yet); every
    summit in a backup."""
    if private:
        return MultilateralEvent.objects.all()
    held = _meetings(private=False).filter(multilateral_event=OuterRef("pk"))
    return MultilateralEvent.objects.filter(Exists(held))


def _tier_key(prefix=""):
    return ([f"{prefix}scheme", f"{prefix}tier"], "tiers", ["scheme", "slug"])


def tables(*, private: bool = False) -> list[Table]:
    """The package's tables: the public ones, or (``private``) those of a curator's full backup."""

    # Built when a table is written, not when it is declared.
    def levels():
        return _levels(private=private)

    def meetings():
        return _meetings(private=private)

    return [
        Table(
            "parties",
            "Countries (ISO 3166-1) and organisations.",
            PartySerializer,
            lambda: Party.objects.for_api().order_by("code"),
            ["code"],
        ),
        Table(
            "schemes",
            "Vocabularies of partnership levels, each a declaring side's.",
            SchemeSerializer,
            lambda: Scheme.objects.select_related("declaring_party").order_by("slug"),
            ["slug"],
            [(["declaring_party"], "parties", ["code"])],
        ),
        Table(
            "tiers",
            "The levels of each scheme, with their rank and original terms.",
            TierSerializer,
            lambda: Tier.objects.select_related("scheme").order_by("scheme__slug", "-rank", "slug"),
            ["scheme", "slug"],
            [(["scheme"], "schemes", ["slug"])],
        ),
        Table(
            "levels",
            "One row per level period: a pair's level in a scheme from a start to an end.",
            LevelBackupRowSerializer if private else LevelRowSerializer,
            lambda: levels().with_parties().with_source_ids().order_by("pk"),
            ["id"],
            [
                (["party_a"], "parties", ["code"]),
                (["party_b"], "parties", ["code"]),
                (["scheme"], "schemes", ["slug"]),
                (["scheme", "tier"], "tiers", ["scheme", "slug"]),
            ],
        ),
        Table(
            "sources",
            "Documents that back the levels and meetings.",
            SourceBackupSerializer if private else SourceSerializer,
            lambda: (every_source() if private else backing_sources(AnonymousUser())).order_by("pk"),
            ["id"],
        ),
        Table(
            "level_citations",
            "Which source backs which level period, with the words that do.",
            LevelCitationRowSerializer,
            lambda: LevelPeriodCitation.objects.filter(level_period__in=levels()).order_by("pk"),
            [],
            [(["level_id"], "levels", ["id"]), (["source_id"], "sources", ["id"])],
        ),
        Table(
            "events",
            "Summits and forums at which meetings were held, each named by its name and first day.",
            EventRowSerializer,
            lambda: _events(private=private).select_related("host").order_by("start_date", "name", "pk"),
            ["name", "start_date"],
            [(["host"], "parties", ["code"])],
        ),
        Table(
            "meetings",
            "Meetings of officials: visits, talks, calls, summits.",
            MeetingBackupSerializer if private else MeetingExportSerializer,
            lambda: meetings().for_public_list().order_by("pk"),
            ["id"],
            [
                (["place"], "parties", ["code"]),
                (["multilateral_event", "multilateral_event_start_date"], "events", ["name", "start_date"]),
            ],
        ),
        Table(
            "meeting_parties",
            "The parties at each meeting and their roles.",
            MeetingPartyRowSerializer,
            lambda: (
                MeetingParty.objects.filter(meeting__in=meetings()).select_related("party").order_by("pk")
            ),
            ["meeting_id", "party"],
            [(["meeting_id"], "meetings", ["id"]), (["party"], "parties", ["code"])],
        ),
        Table(
            "people",
            "Officials who take part in meetings.",
            PersonRowSerializer,
            lambda: Person.objects.order_by("slug"),
            ["slug"],
        ),
        Table(
            "positions",
            "Offices people held, for which party, when.",
            PositionRowSerializer,
            lambda: Position.objects.select_related("person", "party").order_by(
                "person__slug", "start_date", "pk"
            ),
            [],
            [(["person"], "people", ["slug"]), (["party"], "parties", ["code"])],
        ),
        Table(
            "participants",
            "The people at each meeting, the party they represented and their office then.",
            ParticipantRowSerializer,
            lambda: (
                Participant.objects.filter(meeting__in=meetings())
                .select_related("person", "party", "meeting")
                .prefetch_related("person__positions")
                .order_by("pk")
            ),
            ["meeting_id", "person"],
            [
                (["meeting_id"], "meetings", ["id"]),
                (["person"], "people", ["slug"]),
                (["party"], "parties", ["code"]),
            ],
        ),
        Table(
            "meeting_citations",
            "Which source reports which meeting, with the words that do.",
            MeetingCitationRowSerializer,
            lambda: MeetingCitation.objects.filter(meeting__in=meetings()).order_by("pk"),
            [],
            [(["meeting_id"], "meetings", ["id"]), (["source_id"], "sources", ["id"])],
        ),
        Table(
            "announcements",
            "The level periods each meeting announced.",
            AnnouncementRowSerializer,
            lambda: Meeting.announced_levels.through.objects.filter(
                meeting__in=meetings(), levelperiod__in=levels()
            ).order_by("pk"),
            ["meeting_id", "level_id"],
            [(["meeting_id"], "meetings", ["id"]), (["level_id"], "levels", ["id"])],
        ),
    ]


TABLES = tables()


def _field(column) -> dict:
    spec = {"name": column.name, "type": _frictionless_type(column.field), "description": column.description}
    choices = getattr(column.field, "choices", None)
    if isinstance(column.field, serializers.ChoiceField) and choices:
        spec["constraints"] = {"enum": [str(value) for value in choices]}
    return spec


def _frictionless_type(field_) -> str:
    if holds_list(field_):
        return "string"  # values joined with LIST_SEPARATOR
    if isinstance(field_, serializers.SerializerMethodField):
        method = getattr(field_.parent, field_.method_name)
        hint = typing.get_type_hints(method).get("return", str)
        return "boolean" if hint is bool else "string"
    for kind, name in (
        (serializers.BooleanField, "boolean"),
        (serializers.IntegerField, "integer"),
        (serializers.DateTimeField, "datetime"),
        (serializers.DateField, "date"),
        (serializers.FloatField, "number"),
    ):
        if isinstance(field_, kind):
            return name
    return "string"


def release_moment(*, private: bool = False) -> dt.datetime:
    """When the data in the package last changed: the release's date and version.

    The public package changes with its levels, meetings and the summits they were held at; a backup
    with any record, sources included.
    """
    querysets = [_levels(private=private), _meetings(private=private), _events(private=private)]
    if private:
        querysets.append(Source.objects.all())
    moments = [queryset.aggregate(last=Max("updated_at"))["last"] for queryset in querysets]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def citation(release: dt.date, url: str = EXPORT_PATH) -> str:
    licence = LICENCE["name"]
    return f"Entente contributors ({release.year}). {TITLE}. Release {release.isoformat()}. {licence}. {url}"


def descriptor(
    release: dt.datetime, counts: dict[str, int], url: str = EXPORT_PATH, *, private: bool = False
) -> dict:
    day = release.date()
    description = (
        "Which partnership level each pair of countries or organisations held, when, and on "
        "whose word; the meetings that announced them; the sources behind every claim. Lists in a cell are "
        f"separated by “{LIST_SEPARATOR}”; partial dates read YYYY, YYYY-MM or YYYY-MM-DD. "
        f"Cite as: {citation(day, url)}"
    )
    return {
        "name": PRIVATE_NAME if private else NAME,
        "title": f"{TITLE} (private backup)" if private else TITLE,
        "description": f"{NOT_FOR_PUBLICATION} {description}" if private else description,
        "version": day.isoformat(),
        "created": release.isoformat(),
        "licenses": [LICENCE],
        "citation": citation(day, url),
        "resources": [
            {
                "name": table.name,
                "path": f"data/{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": table.schema(),
                "count": counts[table.name],
            }
            for table in tables(private=private)
        ],
    }


def readme(release: dt.datetime, url: str, *, private: bool = False) -> str:
    warning = f"**Private: not for publication.** {NOT_FOR_PUBLICATION}\n\n" if private else ""
    return (
        f"# {TITLE}\n\n{warning}Release {release.date().isoformat()}. "
        f"Licence: {LICENCE['title']} ({LICENCE['path']}).\n\n"
        f"## How to cite\n\n{citation(release.date(), url)}\n\n"
        "## Contents\n\n"
        + "".join(f"- data/{table.name}.csv: {table.description}\n" for table in tables(private=private))
        + "\nEvery column is described, with its type and the tables' keys, in datapackage.json "
        "(Frictionless Data Package).\n"
    )


def _entry(name: str, stamp) -> zipfile.ZipInfo:
    # A fixed date (the release's) keeps the archive the same from one export to the next.
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build_zip(url: str = EXPORT_PATH, *, private: bool = False) -> tuple[str, bytes]:
    """The data package as (file name, zip bytes); ``private``: a curator's full backup, not for publication
    (only ``export_dataset --include-private`` asks for it; the web serves the public package alone)."""
    release = release_moment(private=private)
    stamp = release.timetuple()[:6]
    buffer = io.BytesIO()
    counts = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables(private=private):
            rows = table.serializer(table.rows(), many=True).data
            counts[table.name] = len(rows)
            handle = io.StringIO()
            write_csv(handle, rows, table.columns())
            archive.writestr(_entry(f"data/{table.name}.csv", stamp), handle.getvalue())
        package = json.dumps(descriptor(release, counts, url, private=private), ensure_ascii=False, indent=2)
        archive.writestr(_entry("datapackage.json", stamp), package)
        archive.writestr(_entry("README.md", stamp), readme(release, url, private=private))
    name = PRIVATE_NAME if private else NAME
    return f"{name}-{release.date().isoformat()}.zip", buffer.getvalue()


def read_descriptor(content: bytes) -> dict:
    """The ``datapackage.json`` of a zip made by ``build_zip``."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("datapackage.json"))
