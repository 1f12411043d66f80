"""The adapter for the simulator network (console/simulator.py), over real HTTP."""

from __future__ import annotations

import base64

import httpx

from console.channels.base import (
    NeedsReconnect,
    Outcome,
    Published,
    Rejected,
    Transient,
    retry_after_seconds,
)
from storage.queue import Claimed

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class SimulatorAdapter:
    network = "simulator"

    def __init__(self, base_url: str, timeout: httpx.Timeout = TIMEOUT) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def publish(self, target: Claimed) -> Outcome:
        try:
            media_ids = []
            for image in target.images:
                uploaded = await self._client.post(
                    f"/accounts/{target.account}/media",
                    json={
                        "data": base64.b64encode(image.data).decode(),
                        "mime": image.mime,
                        "alt": image.alt_text,
                    },
                )
                if uploaded.status_code != 200 or "id" not in _json(uploaded):
                    return _outcome(uploaded)
                media_ids.append(str(_json(uploaded)["id"]))
            response = await self._client.post(
                f"/accounts/{target.account}/statuses",
                json={"text": target.text, "media_ids": media_ids},
                headers={"Idempotency-Key": target.idempotency_key},
            )
        except httpx.TimeoutException:
            return Transient("The simulator did not answer in time.")
        except httpx.TransportError as error:
            return Transient(f"The simulator could not be reached ({error.__class__.__name__}).")
        return _outcome(response)

    async def find(self, target: Claimed) -> Published | None:
        response = await self._client.get(
            f"/accounts/{target.account}/statuses", params={"key": target.idempotency_key}
        )
        response.raise_for_status()
        found = _json(response).get("statuses")
        if not isinstance(found, list) or not found or not isinstance(found[0], dict):
            return None
        return Published(str(found[0]["id"]), str(found[0]["url"]))

    async def aclose(self) -> None:
        await self._client.aclose()


def _json(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _outcome(response: httpx.Response) -> Outcome:
    body = _json(response)
    message = str(body.get("error") or response.reason_phrase or response.status_code)
    if response.status_code == 200 and "id" in body:
        return Published(str(body["id"]), str(body.get("url", "")))
    if response.status_code == 200:
        return Transient("The simulator's answer could not be read.")
    if response.status_code == 429:
        return Transient(message, retry_after_seconds(response.headers.get("Retry-After")))
    if response.status_code >= 500:
        return Transient(f"The simulator failed ({response.status_code}): {message}.")
    if response.status_code in (401, 403):
        return NeedsReconnect(message)
    return Rejected(message)
