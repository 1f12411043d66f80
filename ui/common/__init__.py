"""Parts every area uses: questions to the officer (PROMPTS), tasks, lazy models, the sync bridge,
time entry, translations. Imports no area.
"""
