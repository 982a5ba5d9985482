"""Outputs of a ``KitView``: JSON, charts, the compare chart and the PDF, as str or
bytes. No Flask, no database."""
