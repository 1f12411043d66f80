"""The window around the areas: start-up, sign-in, lock, the main window that composes the areas,
the status bar's engine and sync parts, and the guards (one copy, no nested event loop, faults).
"""
