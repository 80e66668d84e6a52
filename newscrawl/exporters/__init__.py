"""Feed export plumbing: storages that keep JSON Lines whole across crashes."""
