"""The kit: ``KitView`` (``view``), built from storage and the KPIs (``build``),
with what the creator hides removed (``privacy``), and the directory summary of each
kit (``summary``)."""
