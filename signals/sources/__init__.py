"""Source types: one module per kind of source (``rss``, ``sec_atom``, job boards...).

Each module's ``parse`` is pure and takes bytes; :mod:`signals.sources.base` states the
contract a source type fulfils and :mod:`signals.sources.types` wraps the built-in ones.
"""
