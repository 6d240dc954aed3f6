"""people -> officials (first cut: to be written)."""
from . import io, schema

INPUTS = ("people",)
OUTPUTS = ("officials",)


def apply(batch, context=None):
    return {"officials": io.frame([], schema.OFFICIALS)}
