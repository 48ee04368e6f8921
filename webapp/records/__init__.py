"""The document page (/records/<id>), its JSON twin, and the original file's download."""
