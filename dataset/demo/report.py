"""What loading the demo did: counts by kind of record, and the rows it could not place, by name."""

from collections import Counter
from dataclasses import dataclass, field

from sources.models import SourceKind

# First match wins: publisher wording → kind of source.
_PUBLISHER_KINDS = [
    (("ministry", "mission to the un", "embassy"), SourceKind.OFFICIAL),
    (("joint statement",), SourceKind.JOINT_STATEMENT),
    (("twwiki", "wendadaohang", "mazhuluoa", "forum", "blog", "repost"), SourceKind.OTHER),
    (("dialogue", "chinastudies", "university"), SourceKind.ACADEMIC),
    (
        (
            "xinhua",
            "people's daily",
            "china daily",
            "cgtn",
            "china.org",
            "china radio",
            "ecns",
            "global times",
            "china today",
            "belt and road",
            "wen wei po",
            "shanghai daily",
            "enorth",
            "dahe",
        ),
        SourceKind.STATE_MEDIA,
    ),
]


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def kind_of_publisher(publisher: str) -> str:
    lowered = publisher.lower()
    for keywords, kind in _PUBLISHER_KINDS:
        if any(keyword in lowered for keyword in keywords):
            return kind
    return SourceKind.INDEPENDENT_PRESS
