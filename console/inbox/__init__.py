"""The unified inbox's services: replies through the channels, listening rules and
threat-to-life alerts (and, from other work, states, reports and insights)."""
