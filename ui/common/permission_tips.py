"""The tooltip of a control the signed-in officer may not use: who may."""

from __future__ import annotations

from console.permissions import ALLOWED, Action


def needs_role(action: Action) -> str:
    """``Acknowledging a threat-to-life alert needs the Duty officer or Approver role.``"""
    names = " or ".join(role.label for role in sorted(ALLOWED[action]))
    plural = "roles" if len(ALLOWED[action]) > 1 else "role"
    return f"{action.label} needs the {names} {plural}."
