"""Training exercises: scenarios, the exercise clock, the runner, the debrief.

An exercise store (``StoreKind.EXERCISE``) holds a scenario's simulated channels, its
scheduled content and its timeline of injects. Everything the store does runs on
the exercise clock (``clock.py``), which the trainer starts, pauses, speeds up and
jumps; ``runner.py`` plays the injects onto the simulator network as that clock
reaches them.
"""
