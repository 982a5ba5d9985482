"""Campaigns (brands and creators): set-up pages, tracked links and their click log,
the shops' order postback, and the report (page, PDF, CSV, share link)."""
