"""Scheduled content: the queue, the calendar, the composer and posts sent by hand."""
