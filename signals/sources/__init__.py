"""Source types: one module per kind of source, each with a pure ``parse(bytes)``."""
