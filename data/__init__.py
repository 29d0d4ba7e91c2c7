"""Datasets of teachkit: CSV files and datapackage.json (this folder is the single source of truth)."""
