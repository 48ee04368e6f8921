"""The quotes page: every attributed quote in the archive, by speaker and topic."""
