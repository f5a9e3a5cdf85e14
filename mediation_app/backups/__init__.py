"""Backups: one archive of the database and the file stores, restored into an empty
deployment and verified against the manifest it carries."""
