"""Users: accounts, roles and units (the table in models.py; authentication lives beside it)."""
