"""The JSON API under /api/v1: every action the pages offer, same session and CSRF rules."""
