"""Situational signals: typed events, source types (fetch and parse kept apart) and their registry."""
