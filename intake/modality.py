"""Did the meeting a sentence mentions happen? Tense and modality around the words that name it.

A mention is one of three things:

* **happened**: "Xi held talks with …", "who is on a state visit", "Xi holds talks" (a headline);
* **planned**: what is to come or only wished for: "will visit", "is expected to meet", "plans to
  travel", "hopes to visit", "invited Xi to visit", "to visit China" (a headline), "the next round";
* **not a meeting**: a count or a habit ("have visited China four times", "dozens of foreign leaders",
  "for 36 years in a row", "the first … to visit China since 2017") or a negation ("no British prime
  minister has visited", "has not met").

The cues are sought in the clause of the mention, before it (a count may also follow it), leaving out
relative clauses it is not part of ("Putin, who has met Xi more than 40 times, held talks …" is a
meeting). A mention dated after the report is planned whatever its words (see ``meetings``).
"""

import re

HAPPENED, PLANNED, NOT_A_MEETING = "happened", "planned", "not_a_meeting"

# Verbs a planned meeting is made of: "will pay a visit", "agreed to convene", "hopes to meet".
_VERB = (
    r"(?:(?:visit|meet|hold|travel|attend|pay|host|make|go|come|convene|co-chair|chair|tour|speak|talk|call"
    r"|join|head|fly|stop|lead|receive|sit|resume|relaunch)(?:s|es|ed|ing|led|ling)?|be|have)"
)
_PLANNED = re.compile(
    rf"\b(?:will|shall|would|could|might|should|must)\b(?:\s+[\w-]+){{0,3}}?\s+{_VERB}\b"
    rf"|['’]ll\s+{_VERB}\b"
    r"|\b(?:expected|scheduled|set|due|slated|poised|likely|going|planning|preparing|plans?|planned"
    r"|intends?|intended|hopes?|hoped|hoping|wish(?:es|ed)?|wants?|wanted|aims?|seeks?|sought|agreed|agrees?"
    r"|ready|willing|invited|invites?|inviting|expects?|promised|pledged|vowed|decided|offered|proposed|eager"
    rf"|keen|about)\s+(?:[\w-]+\s+){{0,3}}?to\s+(?:[\w-]+\s+)?{_VERB}\b"
    rf"|\bto\s+(?:also\s+|soon\s+|again\s+)?(?:visit|meet|hold|travel|attend|pay|host|convene|co-chair|tour)\b"
    r"|\b(?:upcoming|forthcoming|planned|proposed|scheduled|expected|next|future|eventual)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:visits?|trips?|meetings?|talks|summits?|rounds?|sessions?|dialogues?)\b"
    r"|\blook(?:s|ing|ed)?\s+forward\s+to\b"
    r"|\b(?:expressed|voiced)\s+(?:the\s+|his\s+|her\s+|their\s+)?hopes?\b",
    re.IGNORECASE,
)
# "may" is a month when capitalised.
_MAY = re.compile(rf"\bmay\s+(?:[\w-]+\s+){{0,2}}?{_VERB}\b")
_NEGATED = re.compile(
    r"\b(?:not|never|no|none|neither|nor|without)\b(?!\s+(?:only|doubt|less|longer|more|sooner|long)\b)"
    r"|n['’]t\b"
    r"|\b(?:cancel(?:s|led|ed|ling)?|called\s+off|postpon\w+|declin\w+\s+to|refus\w+\s+to|fail\w*\s+to"
    r"|yet\s+to|skipp\w+|snubb\w+)\b",
    re.IGNORECASE,
)
_COUNT = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|several"
    r"|many|numerous|multiple|countless|a\s+dozen|dozens\s+of|scores\s+of|hundreds\s+of)"
)
_AGGREGATE = re.compile(
    rf"\b{_COUNT}\s+(?:more\s+)?times\b|\bon\s+{_COUNT}\s+occasions\b|\b(?:twice|thrice)\b"
    r"|\b(?:every|each)\s+(?:year|month|week|day|time)\b"
    r"|\b(?:regularly|routinely|frequently|often|usually|annually|traditionally|repeatedly|customarily)\b"
    r"|\b(?:dozens|hundreds|scores)\s+of\b"
    rf"|\bmore\s+than\s+(?:a\s+dozen|\d+|{_COUNT})\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:countries|nations|leaders|heads|visits|trips|meetings|times)\b"
    r"|\bin\s+a\s+row\b|\bconsecutive\b"
    # "received six heads of state", "talks with counterparts from 27 countries"
    rf"|\b{_COUNT}\s+(?:[\w-]+\s+){{0,2}}?(?:heads|leaders|countries|nations|counterparts|delegations)\b",
    re.IGNORECASE,
)
# "the first Canadian prime minister to visit China since 2017", "… in eight years": a count of visits,
# not a visit.
_FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)
_SINCE = re.compile(r"\b(?:since|in\s+(?:[\w-]+\s+){0,2}(?:years|decades?))\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:held|met|visited|paid|travell?ed|arrived|spoke|talked|received|hosted|attended|co-chaired"
    r"|chaired|called|recalled|was|were|had|did|agreed|signed|announced|discussed|toured|went|came|flew"
    r"|left|exchanged|reviewed|witnessed|reaffirmed)\b",
    re.IGNORECASE,
)
# Where a clause ends: a semicolon or dash, "but"/"while", the comma closing an opening subordinate
# clause ("After the talks, …").
_BOUNDARY = re.compile(
    r";|:\s|\s--\s|\s—\s|,\s+(?:but|while|whereas|although|though|yet)\b|\s(?:but|whereas)\s"
    # "… have not met since Takaichi met Xi …": the clause after "since" tells its own story.
    r"|\bsince\s+(?=(?:the\s+|his\s+|her\s+)?[A-Z][a-z]+\s+(?!\d)[A-Za-z])",
    re.IGNORECASE,
)
# "agreements signed during the king's state visit": a meeting described as past, whatever the
# sentence goes on to announce.
_DONE_AT = re.compile(
    r"\b(?:signed|reached|agreed|concluded|adopted|announced|made|achieved)\s+(?:during|at|on)\b",
    re.IGNORECASE,
)
_OPENING_CLAUSE = re.compile(
    r"^\s*[\"“]?(?:After|Before|Though|Although|While|When|If|As|Once|Since|Until|Following)\b[^,;]{0,80},"
)
_RELATIVE = re.compile(r",\s+(?:who|whose|which)\b[^,;]*(?:,|$)", re.IGNORECASE)
# "the second China-Arab States Summit, which China will host later this year": the clause that
# describes the meeting tells whether it is still to come.
_DESCRIBED = re.compile(r"[^,;.]{0,40}?,\s+(?:which|that)\b(?P<clause>[^,;]*)", re.IGNORECASE)
# "Asked about the summit, the spokesperson said …": a topic, not a report of a meeting.
_TOPIC = re.compile(
    r"\b(?:(?:asked|questioned)\s+(?:about|whether|if|on)|commenting\s+on|regarding|as\s+for|speaking\s+(?:of|about)"
    r"|referring\s+to|on\s+the\s+(?:question|issue|subject)\s+of)\b[^,;]*$",
    re.IGNORECASE,
)


def speaks_of_future(words: str) -> bool:
    """The sentence announces or wishes for something to come."""
    return bool(_PLANNED.search(words) or _MAY.search(words))


def speaks_of_past(words: str) -> bool:
    """The sentence reports what happened (and announces nothing)."""
    return bool(_PAST.search(words)) and not speaks_of_future(words)


def clause(text: str, start: int, end: int, position: int) -> tuple[int, int]:
    """The clause of ``text[start:end]`` (a sentence) that ``position`` stands in."""
    first, last = start, end
    opening = _OPENING_CLAUSE.match(text, start, end)
    if opening and opening.end() <= position:
        first = opening.end()
    for brk in _BOUNDARY.finditer(text, start, end):
        if brk.end() <= position:
            first = max(first, brk.end())
        elif brk.start() >= position:
            last = brk.start()
            break
    return first, last


def _masked(text: str, start: int, end: int, position: int) -> str:
    """``text[start:end]`` with the relative clauses ``position`` is not in blanked out."""
    words = text[start:end]
    for match in _RELATIVE.finditer(words):
        if not match.start() <= position - start < match.end():
            words = words[: match.start()] + " " * (match.end() - match.start()) + words[match.end() :]
    return words


def classify(text: str, start: int, end: int, trigger: tuple[int, int]) -> str:
    """Whether the meeting named by ``text[trigger]`` in the sentence ``text[start:end]`` happened
    (see the module docstring)."""
    first, last = clause(text, start, end, trigger[0])
    whole = _masked(text, first, last, trigger[0])
    before = whole[: trigger[0] - first]
    through = whole[: trigger[1] - first]
    # A count stands before the meeting or right after it, before the next comma ("have visited China
    # four times"; not "held talks on Wednesday, in what has become a tradition each year").
    comma = whole.find(",", trigger[1] - first)
    counted = whole if comma < 0 else whole[:comma]
    if _AGGREGATE.search(counted) or (_FIRST.search(before) and _SINCE.search(whole, trigger[1] - first)):
        return NOT_A_MEETING
    if _NEGATED.search(before) or _TOPIC.search(text, start, trigger[0]):
        return NOT_A_MEETING
    done = list(_DONE_AT.finditer(through))
    if done:
        through = through[done[-1].end() :]
    if _PLANNED.search(through) or _MAY.search(through):
        return PLANNED
    described = _DESCRIBED.match(text, trigger[1], end)
    if described and speaks_of_future(described.group("clause")):
        return PLANNED
    return HAPPENED
