"""Getting data in: refresh through the connectors, file imports, and the scheduler
that keeps every account current. The only stage that imports both connectors and
storage (besides demo seeding); it reports stored data through ``AFTER_STORE``."""
