"""Sign-in and sign-up, and the creator dashboard."""
