"""A curator's corrections to the extractor's meetings: merge candidates it kept apart, split sentences
off one it put together. One transaction each; a refusal (a ValidationError saying why) changes nothing.

Both recombine the sentences' readings with the rules the extractor uses (``intake.merge``), so a
merged candidate gets the date, mode and officials its sentences give together. The candidates changed
are marked curated: running the extractor again leaves them as they are. A candidate merged into
another stays on record (decision "merged"), so that running the extractor again does not offer it anew.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake.merge import MeetingMention, combine, nested, primary
from intake.modality import HAPPENED, PLANNED
from intake.models import Candidate, CandidateType, Decision

_FOLDED = "folded"


def _mentions(candidate: Candidate) -> list[MeetingMention]:
    """The readings of the candidate's sentences; one built from the payload for a candidate stored
    before meetings were merged."""
    payload = candidate.payload or {}
    if payload.get("mentions"):
        return [MeetingMention.from_json(data) for data in payload["mentions"]]
    return [
        MeetingMention(
            start=candidate.start,
            end=candidate.end,
            role="body",
            item=0,
            mode=payload.get("kind") or "talks",
            status=PLANNED if candidate.type == CandidateType.PLANNED else HAPPENED,
            parties=tuple(payload.get("parties") or ()),
            date=payload.get("date"),
            end_date=payload.get("end_date"),
            date_text=payload.get("date_text", ""),
            participants=list(payload.get("participants") or []),
            city=payload.get("city", ""),
            place=payload.get("place"),
            notes=list(payload.get("notes") or []),
        )
    ]


def _payload(candidate: Candidate, mentions: list[MeetingMention], sentences: list[dict]) -> dict:
    reading = combine(mentions)
    return {
        **(candidate.payload or {}),
        "parties": list(reading["parties"]),
        "kind": reading["kind"],
        "mode": reading["kind"],
        "date": reading["date"],
        "end_date": reading["end_date"],
        "date_text": reading["date_text"],
        "participants": reading["participants"],
        "city": reading["city"],
        "place": reading["place"],
        "notes": reading["notes"],
        "quote": candidate.quote,
        "start": candidate.start,
        "end": candidate.end,
        "sentences": sorted(sentences, key=lambda sentence: sentence["start"]),
        "mentions": [mention.as_json() for mention in sorted(mentions, key=lambda mention: mention.start)],
    }


def _date_words(mention: MeetingMention) -> str:
    return f"{mention.date} to {mention.end_date}" if mention.end_date else str(mention.date)


def _check_one_meeting(mentions: list[MeetingMention]) -> None:
    if len({mention.setting for mention in mentions}) > 1:
        raise ValidationError("A call and a meeting in person cannot be one meeting.")
    dated = [mention for mention in mentions if mention.span]
    for index, mention in enumerate(dated):
        other = next((other for other in dated[:index] if not nested(other.span, mention.span)), None)
        if other is not None:
            raise ValidationError(
                f"The dates {_date_words(other)} and {_date_words(mention)} cannot be one meeting; "
                "accept the candidates one by one, or correct a date after accepting."
            )


@transaction.atomic
def merge_candidates(*, candidates: list[Candidate], user=None) -> Candidate:
    """Merge meeting candidates of one source into the first in the text; return it."""
    pks = sorted({candidate.pk for candidate in candidates})
    if len(pks) < 2:
        raise ValidationError("Choose at least two meeting candidates to merge.")
    rows = list(Candidate.objects.select_for_update().filter(pk__in=pks).order_by("start", "pk"))
    if len(rows) != len(pks):
        raise ValidationError("Some of the chosen candidates no longer exist; reload the page.")
    if len({row.source_id for row in rows}) > 1:
        raise ValidationError("Only candidates of the same article can be merged.")
    if any(not row.is_meeting for row in rows):
        raise ValidationError("Only meeting candidates can be merged; level statements stand on their own.")
    if len({row.type for row in rows}) > 1:
        raise ValidationError("A planned meeting cannot be merged with one that happened.")
    decided = [row for row in rows if row.decision != Decision.PENDING]
    if decided:
        raise ValidationError(
            f"{decided[0]} was already {decided[0].get_decision_display()}; it cannot be merged."
        )
    parties = {frozenset(row.payload.get("parties") or ()) for row in rows}
    if len(parties) > 1:
        named = " and ".join(", ".join(sorted(group)) for group in parties)
        raise ValidationError(
            f"The candidates name different parties ({named}); only one meeting's can be merged."
        )
    survivor, others = rows[0], rows[1:]
    mentions, sentences, spans = [], [], set()
    for row in rows:
        mentions += _mentions(row)
        for sentence in row.sentences:
            if (sentence["start"], sentence["end"]) not in spans:
                spans.add((sentence["start"], sentence["end"]))
                sentences.append(sentence)
    _check_one_meeting(sorted(mentions, key=lambda mention: mention.start))
    survivor.payload = _payload(survivor, mentions, sentences)
    survivor.curated = True
    survivor.save(update_fields=["payload", "curated"])
    now = timezone.now()
    for row in others:
        row.decision, row.merged_into, row.decided_at = Decision.MERGED, survivor, now
        row.decided_by = user if user is not None and user.is_authenticated else None
        row.full_clean()
        row.save(update_fields=["decision", "merged_into", "decided_at", "decided_by"])
    return survivor


@transaction.atomic
def split_candidate(*, candidate: Candidate, starts: list[int], user=None) -> Candidate:
    """Split the sentences starting at ``starts`` off a meeting candidate into a candidate of their own
    (lines repeating the headline go with it); return the new one."""
    row = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not row.is_meeting:
        raise ValidationError("Only meeting candidates can be split.")
    if row.decision != Decision.PENDING:
        raise ValidationError(f"This candidate was already {row.get_decision_display()}; it cannot be split.")
    chosen = set(starts)
    if not chosen:
        raise ValidationError("Choose the sentences to split off.")
    known = {sentence["start"] for sentence in row.sentences}
    if chosen - known:
        raise ValidationError("Some of the chosen sentences are not this candidate's; reload the page.")
    if row.start in chosen:
        raise ValidationError("The candidate's own sentence stays with it; choose among its other sentences.")
    mentions = _mentions(row)
    taken = [mention for mention in mentions if mention.start in chosen]
    kept = [mention for mention in mentions if mention.start not in chosen]
    if not taken:
        raise ValidationError(
            "Choose sentences that mention the meeting (not only lines repeating a headline)."
        )
    headline_taken = any(mention.role == "headline" for mention in taken)
    taken_sentences, kept_sentences = [], []
    for sentence in row.sentences:
        goes = sentence["start"] in chosen or (sentence["role"] == _FOLDED and headline_taken)
        (taken_sentences if goes else kept_sentences).append(sentence)
    first = primary(taken)
    key = ",".join(sorted(first.parties))
    existing = Candidate.objects.filter(
        source_id=row.source_id, type=row.type, start=first.start, end=first.end, key=key
    ).first()
    if existing is not None and existing.merged_into_id != row.pk:
        raise ValidationError(f"{existing} already stands for that sentence; merge with it instead.")
    new = existing or Candidate(
        source_id=row.source_id, type=row.type, key=key, start=first.start, end=first.end
    )
    new.quote = row.source.text[first.start : first.end]
    new.decision, new.merged_into, new.decided_at, new.decided_by = Decision.PENDING, None, None, None
    new.curated = True
    new.payload = _payload(new, taken, taken_sentences)
    new.full_clean()
    new.save()
    row.payload = _payload(row, kept, kept_sentences)
    row.curated = True
    row.save(update_fields=["payload", "curated"])
    return new
