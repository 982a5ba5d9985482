"""What brands use: the directory, compare, shortlists and the JSON API."""
