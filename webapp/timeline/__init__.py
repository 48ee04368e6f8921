"""The timeline: events the documents report and their publication dates, by year and month.

Public interface: timeline_data(index, topic, doc_type, since, until) -> dict (the JSON twin's
fields, shared with `evidence timeline`); the page is `views.py`, registered by the app.
"""

from .data import timeline_data

__all__ = ["timeline_data"]
