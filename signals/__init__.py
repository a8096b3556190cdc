"""Situational signals: typed events, source types (fetch and parse apart), their registry."""
