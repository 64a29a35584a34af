"""The "cite this" box: how to cite one of Entente's record pages, as plain text and as BibTeX."""

import datetime as dt
import re
from dataclasses import dataclass

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda match: "\\" + match.group(1), text)


@dataclass(frozen=True)
class Citation:
    """A record page, citable: ``title`` names the record, ``url`` is the page's absolute address."""

    title: str
    url: str
    key: str
    accessed: dt.date

    @property
    def plain(self) -> str:
        return f"Entente. “{self.title}.” {self.url} (accessed {self.accessed.isoformat()})."

    @property
    def bibtex(self) -> str:
        key = re.sub(r"[^a-z0-9]+", "-", f"entente {self.key}".lower()).strip("-")
        return (
            f"@misc{{{key},\n"
            f"  author = {{{{Entente}}}},\n"
            f"  title = {{{_bibtex_escape(self.title)}}},\n"
            f"  year = {{{self.accessed.year}}},\n"
            f"  howpublished = {{\\url{{{self.url}}}}},\n"
            f"  note = {{Accessed {self.accessed.isoformat()}}}\n"
            f"}}"
        )
