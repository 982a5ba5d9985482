"""The static microsite export of every public kit."""
