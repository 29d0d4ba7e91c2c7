"""Datasets of teachkit: CSV files and datapackage.json (the single source of truth)."""
