"""Incident mode: engaging and standing down, gold's review, holding statements and their
templates, the wall display.
"""
