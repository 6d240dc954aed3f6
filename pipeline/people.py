"""mentions -> people (first cut: to be written)."""
from . import io, schema

INPUTS = ("mentions",)
OUTPUTS = ("people",)


def apply(batch, context=None):
    return {"people": io.frame([], schema.PEOPLE)}
