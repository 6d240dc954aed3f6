"""documents -> programmes (first cut: to be written)."""
from . import io, schema

INPUTS = ("documents",)
OUTPUTS = ("programmes",)


def apply(batch, context=None):
    return {"programmes": io.frame([], schema.PROGRAMMES)}
