"""The shapes of meetings, people, sources with the claims they back, and a pair's full record."""

from itertools import groupby

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    PARTIAL_DATE_HELP,
    UPDATED_HELP,
    EdtfField,
    PartialDateField,
    model_errors_as_field_errors,
    partial_date,
)
from events.models import PAIR_RECORD_MEETINGS, Meeting, MeetingMode, MeetingRole, Person, Position
from events.services import MeetingData, ParticipantData, record_meeting, update_meeting
from partnerships.api.serializers import (
    STATUS_READ_HELP,
    AnnouncedLevelSerializer,
    LevelSerializer,
    PartyBriefSerializer,
)
from partnerships.api.writes import STATUS_HELP, WRITABLE_STATUSES, check_status_change
from partnerships.models import LevelPeriod, Party, Relationship
from partnerships.services import CitationData
from partnerships.status import Status
from sources.api.serializers import CitationInputSerializer, CitationSerializer

MEETING_EXAMPLES = {
    "id": 88,
    "title": "Xi Jinping meets Hun Manet in Beijing",
    "mode": "talks",
    "start": "2023-09-15",
    "start_edtf": "2023-09-15",
    "start_date": "2023-09-15",
    "start_precision": "day",
    "end_date": None,
    "city": "Beijing",
    "place": "CN",
    "multilateral_event": "",
    "parties": ["CN", "KH"],
    "people": ["xi-jinping", "hun-manet"],
    "status": "published",
    "updated_at": "2025-03-01T10:15:00Z",
    "summary": "The two leaders agreed to build a high-quality community with a shared future.",
    "outcomes": "Joint statement; 14 agreements signed.",
    "quotes": ["Xi Jinping held talks with Hun Manet in Beijing"],
}


class MeetingBriefSerializer(serializers.ModelSerializer):
    start = serializers.SerializerMethodField(help_text=f"The meeting's (first) day. {PARTIAL_DATE_HELP}")
    start_edtf = EdtfField("start_date")

    class Meta:
        model = Meeting
        fields = ["id", "title", "mode", "start", "start_edtf"]
        examples = MEETING_EXAMPLES
        extra_kwargs = {
            "id": {"help_text": "The meeting's number."},
            "mode": {"help_text": "visit, talks, call, summit, strategic_dialogue or sidelines."},
            "city": {"help_text": "The city it took place in."},
            "summary": {"help_text": "What happened, in brief."},
            "status": {"help_text": STATUS_READ_HELP},
            "updated_at": {"help_text": UPDATED_HELP},
        }

    def get_start(self, meeting) -> str | None:
        return partial_date(meeting.start_date, meeting.start_date_precision)


class MeetingSerializer(MeetingBriefSerializer):
    """One row per meeting (the meetings list and its CSV)."""

    start_precision = serializers.CharField(
        source="start_date_precision", read_only=True, help_text="day, month or year."
    )
    place = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the country it took place in; null for calls.",
    )
    multilateral_event = serializers.SerializerMethodField(help_text="The summit it took place at, if any.")
    parties = serializers.SerializerMethodField(help_text="Codes of the parties taking part.")
    people = serializers.SerializerMethodField(
        help_text="Slugs of the people taking part (see /api/v1/people/)."
    )

    class Meta(MeetingBriefSerializer.Meta):
        fields = [
            "id",
            "title",
            "mode",
            "start",
            "start_edtf",
            "start_date",
            "start_precision",
            "end_date",
            "city",
            "place",
            "multilateral_event",
            "parties",
            "people",
            "status",
            "updated_at",
        ]

    def get_multilateral_event(self, meeting) -> str:
        return meeting.multilateral_event.name if meeting.multilateral_event else ""

    def get_parties(self, meeting) -> list[str]:
        return [taking_part.party.code for taking_part in meeting.meeting_parties.all()]

    def get_people(self, meeting) -> list[str]:
        return [participant.person.slug for participant in meeting.participants.all()]


class MeetingPartySerializer(serializers.Serializer):
    code = serializers.CharField(source="party.code", read_only=True, help_text="The party's code.")
    name = serializers.CharField(source="party.name", read_only=True, help_text="The party's name.")
    role = serializers.CharField(read_only=True, help_text="host, visitor or participant.")

    class Meta:
        examples = {"code": "KH", "name": "Cambodia", "role": "visitor"}


class ParticipantSerializer(serializers.Serializer):
    person = serializers.CharField(source="person.slug", read_only=True, help_text="The person's slug.")
    name = serializers.CharField(source="person.name", read_only=True, help_text="The person's name.")
    party = serializers.CharField(
        source="party.code", read_only=True, help_text="The party they represented."
    )
    office = serializers.CharField(read_only=True, help_text="Their office at the time of the meeting.")

    class Meta:
        examples = {"person": "hun-manet", "name": "Hun Manet", "party": "KH", "office": "Prime Minister"}


class MeetingDetailSerializer(MeetingSerializer):
    parties = MeetingPartySerializer(
        source="meeting_parties", many=True, read_only=True, help_text="The parties and their roles."
    )
    participants = ParticipantSerializer(
        many=True, read_only=True, help_text="Who took part, with their office."
    )
    citations = CitationSerializer(
        many=True, read_only=True, help_text="The sources that report the meeting."
    )
    announced_levels = AnnouncedLevelSerializer(
        many=True, read_only=True, help_text="Levels this meeting established or upgraded."
    )

    class Meta(MeetingSerializer.Meta):
        fields = [
            *[name for name in MeetingSerializer.Meta.fields if name != "people"],
            "summary",
            "outcomes",
            "participants",
            "citations",
            "announced_levels",
        ]


class MeetingPartyInputSerializer(serializers.Serializer):
    party = serializers.SlugRelatedField(
        slug_field="code", queryset=Party.objects.all(), help_text="A party's code."
    )
    role = serializers.ChoiceField(choices=MeetingRole.choices, help_text="host, visitor or participant.")

    class Meta:
        examples = {"party": "KH", "role": "visitor"}


class ParticipantInputSerializer(serializers.Serializer):
    person = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.all(), help_text="A recorded person's slug."
    )
    party = serializers.SlugRelatedField(
        slug_field="code", queryset=Party.objects.all(), help_text="The party they represented."
    )
    role_title = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Their office; empty to take it from positions.",
    )

    class Meta:
        examples = {"person": "hun-manet", "party": "KH", "role_title": "Prime Minister"}


class MeetingWriteSerializer(serializers.ModelSerializer):
    """What an editor sends to record a meeting with its parties, people and sources, or to correct one."""

    start = PartialDateField(help_text=f"The meeting's (first) day. {PARTIAL_DATE_HELP}")
    mode = serializers.ChoiceField(choices=MeetingMode.choices, help_text="visit, talks, call, summit, …")
    place = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Party.objects.all(),
        required=False,
        allow_null=True,
        help_text="Code of the country it took place in.",
    )
    parties = MeetingPartyInputSerializer(many=True, required=False, help_text="The parties and their roles.")
    participants = ParticipantInputSerializer(many=True, required=False, help_text="The people taking part.")
    citations = CitationInputSerializer(many=True, required=False, help_text="Sources reporting the meeting.")
    announced_levels = serializers.PrimaryKeyRelatedField(
        queryset=LevelPeriod.objects.all(),
        many=True,
        required=False,
        help_text="Numbers of the levels announced.",
    )
    status = serializers.ChoiceField(choices=WRITABLE_STATUSES, required=False, help_text=STATUS_HELP)

    renamed = {"start_date": "start", "start_date_precision": "start", "meeting": "parties"}
    nested = ("parties", "participants", "citations", "announced_levels")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "summary",
            "mode",
            "start",
            "city",
            "place",
            "outcomes",
            "status",
            "parties",
            "participants",
            "citations",
            "announced_levels",
        ]
        extra_kwargs = MeetingBriefSerializer.Meta.extra_kwargs
        read_only_fields = ["id"]
        examples = {**MEETING_EXAMPLES, "announced_levels": [412]}

    def validate(self, attrs):
        check_status_change(
            self,
            attrs.get("status"),
            quoted=lambda: any(citation["quote"].strip() for citation in attrs.get("citations", [])),
        )
        return attrs

    def validate_parties(self, parties):
        codes = [item["party"].code for item in parties]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("A party is listed twice.")
        return parties

    def create(self, data):
        meeting = MeetingData(
            title=data["title"],
            date=data["start"],
            mode=data["mode"],
            parties=[(item["party"], item["role"]) for item in data.get("parties", [])],
            participants=[ParticipantData(**item) for item in data.get("participants", [])],
            summary=data.get("summary", ""),
            city=data.get("city", ""),
            place=data.get("place"),
            outcomes=data.get("outcomes", ""),
            announced_levels=data.get("announced_levels", []),
            citations=[CitationData(**item) for item in data.get("citations", [])],
            status=data.get("status", Status.DRAFT),
        )
        with model_errors_as_field_errors(self.renamed):
            return record_meeting(meeting)

    def update(self, meeting, data):
        given = [name for name in self.nested if name in data]
        if given:
            raise serializers.ValidationError(
                {name: "Fixed once recorded; correct them in the admin." for name in given}
            )
        with model_errors_as_field_errors(self.renamed):
            return update_meeting(meeting, date=data.pop("start", None), **data)

    def to_representation(self, meeting):
        meeting = Meeting.objects.for_public_page().get(pk=meeting.pk)
        return MeetingDetailSerializer(meeting, context=self.context).data


class PositionSerializer(serializers.ModelSerializer):
    party = serializers.CharField(
        source="party.code", read_only=True, help_text="The party the office is held for."
    )
    start = serializers.SerializerMethodField(help_text=f"Took office. {PARTIAL_DATE_HELP}")
    end = serializers.SerializerMethodField(help_text=f"Left office; null while held. {PARTIAL_DATE_HELP}")
    start_edtf = EdtfField("start_date")
    end_edtf = EdtfField("end_date")

    class Meta:
        model = Position
        fields = ["title", "party", "start", "start_edtf", "end", "end_edtf"]
        examples = {
            "title": "Prime Minister",
            "party": "KH",
            "start": "2023-08-22",
            "start_edtf": "2023-08-22",
            "end": None,
            "end_edtf": None,
        }

    def get_start(self, position) -> str | None:
        return partial_date(position.start_date, position.start_date_precision)

    def get_end(self, position) -> str | None:
        return partial_date(position.end_date, position.end_date_precision)


class PersonRowSerializer(serializers.ModelSerializer):
    """One row per person (the people list in CSV, the data package)."""

    class Meta:
        model = Person
        fields = ["slug", "name", "aliases", "wikidata_id"]
        extra_kwargs = {"wikidata_id": {"help_text": "Q-number of the person's Wikidata item."}}
        examples = {
            "slug": "hun-manet",
            "name": "Hun Manet",
            "aliases": ["Samdech Hun Manet"],
            "wikidata_id": "Q7232",
        }


class PersonSerializer(PersonRowSerializer):
    positions = PositionSerializer(many=True, read_only=True, help_text="Offices held, latest first.")

    class Meta(PersonRowSerializer.Meta):
        fields = [*PersonRowSerializer.Meta.fields, "positions"]


class TimelineLevelSerializer(LevelSerializer):
    announced_at = MeetingBriefSerializer(
        source="announcements", many=True, read_only=True, help_text="The meetings that announced the level."
    )

    class Meta(LevelSerializer.Meta):
        fields = [*LevelSerializer.Meta.fields, "announced_at"]


class TimelineSerializer(serializers.Serializer):
    scheme = serializers.CharField(read_only=True, help_text="The scheme (vocabulary) slug.")
    levels = TimelineLevelSerializer(
        many=True, read_only=True, help_text="The pair's levels in it, oldest first."
    )

    class Meta:
        examples = {"scheme": "cn"}


class RelationshipDetailSerializer(serializers.ModelSerializer):
    key = serializers.CharField(read_only=True, help_text="The pair's address: its two codes, e.g. CN-KH.")
    party_a = PartyBriefSerializer(read_only=True, help_text="One party (the pair is unordered).")
    party_b = PartyBriefSerializer(read_only=True, help_text="The other party.")
    timelines = serializers.SerializerMethodField(
        help_text="The pair's levels, scheme by scheme, oldest first."
    )
    meetings = MeetingSerializer(
        source="pair_meetings",
        many=True,
        read_only=True,
        help_text=f"The pair's latest meetings (at most {PAIR_RECORD_MEETINGS}), latest first.",
    )
    meeting_count = serializers.IntegerField(read_only=True, help_text="How many meetings the pair has.")
    all_meetings = serializers.SerializerMethodField(
        help_text="The meetings list of this pair: every meeting, paginated and filterable."
    )

    class Meta:
        model = Relationship
        fields = ["key", "party_a", "party_b", "timelines", "meetings", "meeting_count", "all_meetings"]
        examples = {
            "key": "CN-KH",
            "meeting_count": 42,
            "all_meetings": "https://entente.example/api/v1/meetings/?party=CN,KH",
        }

    @extend_schema_field(serializers.URLField())
    def get_all_meetings(self, relationship) -> str:
        return self.context["request"].build_absolute_uri(relationship.meetings_path)

    @extend_schema_field(TimelineSerializer(many=True))
    def get_timelines(self, relationship):
        timelines = [
            {"scheme": scheme, "levels": list(levels)}
            for scheme, levels in groupby(relationship.timeline, key=lambda period: period.scheme.slug)
        ]
        return TimelineSerializer(timelines, many=True, context=self.context).data


class BackedMeetingSerializer(MeetingBriefSerializer):
    quotes = serializers.SerializerMethodField(help_text="The source's words about the meeting.")

    class Meta(MeetingBriefSerializer.Meta):
        fields = [*MeetingBriefSerializer.Meta.fields, "quotes"]

    def get_quotes(self, meeting) -> list[str]:
        return [citation.quote for citation in meeting.source_citations]
