"""Settings and users."""
