"""Metadata corrections by editors: /records/<id>/edit and its JSON twin (see views)."""
