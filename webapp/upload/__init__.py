"""The upload page: files or a folder, ingested and indexed, with a result for each file."""
