"""Public kit pages and their delivery: page, JSON, PDF, OG image, QR code, embed,
HTTP caching and view counting."""
