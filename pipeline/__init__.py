"""kz-events: Russian-language news about anti-corruption work in Kazakhstan -> event tables."""

__version__ = "0.1.0"
