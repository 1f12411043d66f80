"""Channels and their health: connecting, the channel list, sync status."""
