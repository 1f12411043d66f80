"""The audit trail: the area and its lazy model."""
