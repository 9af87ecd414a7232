"""Chain-reference tests are pure: no database, no Django."""
