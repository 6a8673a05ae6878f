"""What a benchmark measures, said first in its output (issue 31, item 5).

A figure about a product (a brief's quality, stories' grouping) proves the product only when it was
measured through it (``briefer summarize``/``brief``/``eval run`` as a user runs them). A benchmark
that calls an inner function says so on its first line, so its number is never read as the product's.
"""

from __future__ import annotations


def inner_only(what: str, product: str = "") -> None:
    """Print that this run measures ``what`` (an inner function), not the product; ``product``: where
    the product's own figure is measured, if anywhere."""
    print(f"measures the inner function only ({what}), not the product" + (f"; the product: {product}" if product else ""))
