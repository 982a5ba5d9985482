"""Creators connect platforms with their own login (OAuth 2 authorization code):
``providers`` (the platforms, as data) and ``flow`` (start and finish, through Authlib)."""
