"""Shield tests run without Django: ``pytest -p no:django tests/shield``."""
