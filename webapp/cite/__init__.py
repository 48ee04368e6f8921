"""Citations: /cite (every style for a paragraph or a quote) and /api/cite."""
