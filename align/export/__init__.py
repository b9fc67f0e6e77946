"""Exporting reviewed pairs: one record builder (records.py) feeding one small writer per format."""
