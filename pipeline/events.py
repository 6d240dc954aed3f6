"""documents + every extraction table -> events, event_officials (first cut: to be written)."""
from . import io, schema

INPUTS = ("documents", "mentions", "people", "officials", "organisations", "programmes", "figures")
OUTPUTS = ("events", "event_officials")


def apply(batch, context=None):
    return {"events": io.frame([], schema.EVENTS), "event_officials": io.frame([], schema.EVENT_OFFICIALS)}
