"""The sections documents are built from: each reads the apps' queries.py, never counts itself."""
