"""creatorkit: a creator's social accounts as a live, verifiable media kit.

Only the version lives here, so that ``import creatorkit.kpi`` never pulls in Flask.
"""

__version__ = "0.1.0"
