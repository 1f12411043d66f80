"""Reports and insights: the reports area, its dialogs, the dashboard."""
