"""The Ideal Customer Profile: its definition, static fit, in-market scoring, tiers.

Pure functions over typed inputs; ``now`` is always passed in, never read from the clock.
"""
