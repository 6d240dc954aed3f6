"""mentions -> organisations (first cut: to be written)."""
from . import io, schema

INPUTS = ("mentions",)
OUTPUTS = ("organisations",)


def apply(batch, context=None):
    return {"organisations": io.frame([], schema.ORGANISATIONS)}
