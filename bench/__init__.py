"""Benchmarks, each run as a script (see docs/benchmarks.md); a package so one can
reuse another's data (bench/inbox_window.py builds the inbox bench/inbox_workflow.py does)."""
