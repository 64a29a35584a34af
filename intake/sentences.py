"""Sentences with their character offsets, so that every candidate can quote its exact words."""

import re

# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "sgt", "gov", "sen", "rep",
    "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
    "h.e", "amb", "fig",
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence: lines are split at sentence ends, never across a line break."""
    spans = []
    for line in _LINE.finditer(text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(text, line.start(), line.end()):
            word = _WORD_BEFORE.search(text, start, boundary.start())
            token = word.group(1).lower() if word else ""
            # "Mr. Wang", "U.S. officials", "L. Wong": an abbreviation or an initial, not a sentence end.
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            end = boundary.end()
            spans.append(_strip(text, start, end))
            start = end
        spans.append(_strip(text, start, line.end()))
    return [(start, end) for start, end in spans if end > start]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
