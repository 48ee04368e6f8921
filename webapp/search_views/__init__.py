"""The search page (/search) and its JSON twin (/api/search)."""
