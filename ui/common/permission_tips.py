"""The tooltip of a control the signed-in officer may not use: who may."""

from __future__ import annotations

from console.permissions import Action, needs_sentence


def needs_role(action: Action) -> str:
    """``Acknowledging a threat-to-life alert needs the Duty officer or Approver role.``"""
    return needs_sentence(action)
