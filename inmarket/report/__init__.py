"""Self-contained HTML reports (inline CSS and SVG; nothing is fetched when opened)."""

from inmarket.report.pressure import render_pressure_report

__all__ = ["render_pressure_report"]
