"""The timeline: events the documents report and their publication dates, by year and month."""
