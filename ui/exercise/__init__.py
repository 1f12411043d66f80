"""Training: the trainer's view, starting an exercise, marking the window as an exercise."""
