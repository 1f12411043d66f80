"""The digital desk: the inbox, a conversation and its reports, replies and saved replies,
listening and threat alerts.
"""
