"""Officials named in text, with the party each represents.

Three ways a text ties a person to a party, tried in this order:

1. a demonym or country before the title: "Chinese Foreign Minister Wang Yi", "Cambodia's Prime Minister";
2. the country after the title: "Prime Minister of Cambodia, Hun Manet";
3. the name alone, known from ``data/leaders.csv`` ("Xi") or learned earlier in the same article
   ("Maduro" after "Venezuelan President Nicolas Maduro").
"""

import re
from dataclasses import dataclass

from intake.vocabulary import CAPITAL, PERSON, Mention, Vocabulary

# A title contains one of these …
_CORE = (
    r"President|Vice[- ]President|Premier|Vice[- ]Premier|Prime Minister|Minister|Chancellor"
    r"|King|Queen|Prince|Emir|Sultan|Chairman|Chairwoman|Chairperson|Speaker|Secretary|Councill?or|Ambassador|Envoy|Governor"
    r"|Commissioner|Representative|Spokes(?:person|man|woman)|Director|Leader|Chief|Adviser|Advisor"
    r"|Taoiseach|Tánaiste|Tanaiste"
)
_CORE_RE = re.compile(rf"\b(?:{_CORE})\b")
# … and may be made of these.
_TITLE_WORDS = {
    "President", "Vice", "Prime", "Premier", "Minister", "Ministers", "Deputy", "Chancellor", "King",
    "Queen", "Prince", "Crown", "Emir", "Sultan", "Chairman", "Chairwoman", "Chairperson", "Chair",
    "Speaker", "Secretary", "General", "State", "Councillor", "Councilor", "Foreign", "Affairs", "Defence",
    "Defense", "Ambassador", "Envoy", "Special", "Senior", "First", "Governor", "Commissioner",
    "Representative", "High", "Policy", "Spokesperson", "Spokesman", "Spokeswoman", "Director", "Leader",
    "Chief", "Adviser", "Advisor", "Head", "Member", "Executive", "Supreme", "International", "Cooperation",
    "Trade", "Commerce", "Economy", "Economic", "Finance", "Industry", "Development", "Planning",
    "Security", "National", "Interior", "Justice", "Education", "Health", "Agriculture", "Energy",
    "Culture", "Council", "Commission", "Committee", "Standing", "People's", "People’s", "Congress",
    "Assembly", "Parliament", "Senate", "Political", "Bureau", "Politburo", "Central", "Party", "Communist",
    "CPC", "Military", "Army", "Staff", "Federal", "Republic", "Government", "Cabinet", "Office",
    "Ministry", "Public", "Relations", "Investment", "Transport", "Infrastructure", "Environment",
    "Science", "Technology", "Labour", "Labor", "Tourism", "Information", "Communications", "Home",
    "Internal", "External", "Overseas", "Majesty", "Excellency", "Royal", "Highness", "Acting", "Interim",
    "Newly", "Appointed", "Integration", "Consultative", "Conference", "CPPCC", "NPC", "Armed", "Forces",
    "Navy", "European", "Union", "African", "Association", "Nations", "Southeast", "Asian", "Taoiseach",
    "Tánaiste", "Tanaiste",
}  # fmt: skip
_JOINERS = {"of", "and", "for", "the", "on"}
_PARTICLES = {"da", "de", "del", "dos", "bin", "binti", "al", "el", "van", "von", "der", "le", "la"}
_NOT_NAMES = {
    "The", "On", "In", "At", "And", "But", "He", "She", "They", "It", "This", "That", "According", "During",
    "Following", "After", "Before", "Both", "While", "With", "As", "Also", "For", "From", "Mr", "Mrs", "Ms",
    "Dr", "His", "Her", "Their", "Its", "Said", "Says",
}  # fmt: skip
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|[,]")


@dataclass(frozen=True)
class Person:
    """An official found in a sentence; ``name`` is empty when only the office is given."""

    start: int
    end: int
    name: str
    title: str
    code: str | None
    learned_from_text: bool


class PeopleFinder:
    """Finds officials sentence by sentence, remembering the names it has tied to a party."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.known: dict[str, str | None] = {}
        self._pattern: re.Pattern | None = None

    def find(self, text: str, start: int, end: int, mentions: list[Mention]) -> list[Person]:
        by_start = {mention.start: mention for mention in mentions}
        by_end = {mention.end: mention for mention in mentions}
        people: list[Person] = []
        covered_until = start
        for core in _CORE_RE.finditer(text, start, end):
            if core.start() < covered_until:
                continue
            person = self._titled(text, start, end, core, by_start, by_end)
            if person is not None:
                people.append(person)
                covered_until = person.end
                if person.name and person.code and person.learned_from_text:
                    self._learn(person.name, person.code)
        taken = [(person.start, person.end) for person in people]
        for mention in mentions:
            if mention.kind == PERSON and not _inside(mention.start, mention.end, taken):
                leader = self.vocabulary.leaders.get(mention.form)
                people.append(Person(mention.start, mention.end, leader.name, "", mention.code, False))
                taken.append((mention.start, mention.end))
        for match in self._known_pattern().finditer(text, start, end):
            code = self.known.get(match.group(0))
            if code and not _inside(match.start(), match.end(), taken):
                people.append(Person(match.start(), match.end(), match.group(0), "", code, False))
                taken.append((match.start(), match.end()))
        return sorted(people, key=lambda person: person.start)

    def _titled(self, text, start, end, core, by_start, by_end) -> Person | None:
        code = None
        # Leftwards: more title words ("Deputy", "Foreign"), then a demonym or a country
        # ("Cambodian", "China's").
        title_start = core.start()
        for token in reversed(list(_TOKEN.finditer(text, max(start, core.start() - 80), core.start()))):
            word = token.group(0)
            if word in _TITLE_WORDS:
                title_start = token.start()
                continue
            owner = by_end.get(token.end())
            if owner is None and word.endswith(("'s", "’s")):  # "Cambodia's Prime Minister"
                owner = by_end.get(token.end() - 2)
            if owner is not None and owner.kind not in (PERSON, CAPITAL) and token.start() <= owner.start:
                code = owner.code
            break
        # Rightwards: the rest of the title, "of Cambodia", then the name.
        position = core.end()
        tokens = list(_TOKEN.finditer(text, core.end(), min(end, core.end() + 160)))
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if text[position : token.start()].strip():
                break
            word = token.group(0)
            mention = by_start.get(token.start())
            if (
                mention is not None
                and mention.kind != PERSON
                and index
                and tokens[index - 1].group(0) in ("of", "the")
            ):
                code = code or mention.code
                position = mention.end
                while index < len(tokens) and tokens[index].start() < mention.end:
                    index += 1
                continue
            if word in _TITLE_WORDS or (
                word in _JOINERS and index + 1 < len(tokens) and _titleish(tokens[index + 1], by_start)
            ):
                position = token.end()
                index += 1
                continue
            break
        title = text[title_start:position].strip()
        name_start, name_end, name = self._name(text, tokens, index, position, end, by_start)
        if name and code is None:
            code = self._code_for(name, by_start.get(name_start))
            learned = False
        else:
            learned = True
        if code is None and not name:
            return None
        return Person(title_start, name_end or position, name, title, code, learned and code is not None)

    def _name(self, text, tokens, index, position, end, by_start) -> tuple[int, int, str]:
        # "Prime Minister of Cambodia, Hun Manet": a comma may stand between title and name.
        if (
            index < len(tokens)
            and tokens[index].group(0) == ","
            and not text[position : tokens[index].start()].strip()
        ):
            position = tokens[index].end()
            index += 1
        words = []
        while index < len(tokens) and len(words) < 5:
            token = tokens[index]
            word = token.group(0).rstrip(".,")
            if text[position : token.start()].strip() or word in ("", ","):
                break
            if not (word[:1].isupper() or (words and word in _PARTICLES)) or word in _NOT_NAMES:
                break
            mention = by_start.get(token.start())
            if mention is not None and mention.kind != PERSON and not words:
                break
            if word in _TITLE_WORDS and not words:
                break
            words.append(token)
            position = token.start() + len(word)
            index += 1
        while words and words[-1].group(0).rstrip(".,") in _PARTICLES:
            words.pop()
        if not words:
            return -1, 0, ""
        name_start, name_end = words[0].start(), words[-1].start() + len(words[-1].group(0).rstrip(".,"))
        return name_start, name_end, text[name_start:name_end]

    def _code_for(self, name: str, mention: Mention | None) -> str | None:
        if mention is not None and mention.kind == PERSON:
            return mention.code
        if name in self.known:
            return self.known[name]
        leader = self.vocabulary.leaders.get(name)
        return leader.code if leader else None

    def _learn(self, name: str, code: str) -> None:
        parts = name.split()
        for surface in {name, parts[0], parts[-1]}:
            if len(surface) < 3 or surface in _TITLE_WORDS or self.vocabulary.party_for(surface):
                continue
            if surface in self.known and self.known[surface] != code:
                self.known[surface] = None  # two people of different parties share it: no longer a clue
            else:
                self.known[surface] = code
        self._pattern = None

    def _known_pattern(self) -> re.Pattern:
        if self._pattern is None:
            names = sorted((name for name, code in self.known.items() if code), key=len, reverse=True)
            body = "|".join(map(re.escape, names)) or "(?!)"
            self._pattern = re.compile(r"(?<![^\W_])(?:" + body + r")(?![^\W_])")
        return self._pattern


def _titleish(token: re.Match, by_start: dict) -> bool:
    return token.group(0) in _TITLE_WORDS or token.start() in by_start


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(first <= start and end <= last for first, last in spans)
