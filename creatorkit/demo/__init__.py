"""The demo world's creators: their profiles, demo accounts and written content.

The figures themselves come from the demo connector (``connectors.demo``) through an
ordinary refresh; this package stores who the demo creators are.
"""
