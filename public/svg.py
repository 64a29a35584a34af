"""What the server-drawn charts share."""


def number(value: float) -> str:
    """A coordinate or a count as an SVG attribute: one decimal at most.

    Numbers go to the templates as text: localising thousands of them is most of a chart page's time.
    """
    return f"{value:.1f}".removesuffix(".0")
