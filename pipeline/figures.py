"""tokens -> figures (first cut: to be written)."""
from . import io, schema

INPUTS = ("tokens",)
OUTPUTS = ("figures",)


def apply(batch, context=None):
    return {"figures": io.frame([], schema.FIGURES)}
