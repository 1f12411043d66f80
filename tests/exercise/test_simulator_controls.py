"""What the simulator gained for exercises, over its own HTTP API: one account's
outage, an expired token, followers and a channel's own text limit."""

from __future__ import annotations

import httpx
import pytest

from console.simulator import SimulatorServer

pytestmark = pytest.mark.asyncio


async def test_per_account_controls_over_http() -> None:
    clock = [1_800_000_000.0]
    server = SimulatorServer(clock=lambda: clock[0]).start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=5) as client:

            async def post(account: str, text: str) -> httpx.Response:
                return await client.post(f"/accounts/{account}/statuses", json={"text": text})

            assert (await post("a", "first")).status_code == 200
            control = {
                "expired": {"a": True},
                "offline_accounts": {"b": True},
                "followers": {"c": 50_000},
                "limits": {"c": 10},
            }
            assert (await client.post("/control", json=control)).status_code == 200
            expired = await post("a", "second")
            assert expired.status_code == 401 and "expired" in expired.json()["error"]
            with pytest.raises(httpx.TransportError):
                await post("b", "into the void")
            assert (await post("d", "others carry on")).status_code == 200
            too_long = await post("c", "eleven char")
            assert too_long.status_code == 422 and "maximum is 10" in too_long.text
            sent = await post("c", "ten chars!")
            assert sent.status_code == 200
            clock[0] += 4 * 3600  # reach grows towards a share of the followers
            metrics = await client.get("/accounts/c/metrics", params={"ids": sent.json()["id"]})
            reach = metrics.json()["metrics"][sent.json()["id"]]["reach"]
            assert 2_500 <= reach <= 12_500
            restored = {"expired": {"a": False}, "offline_accounts": {"b": False}}
            await client.post("/control", json=restored)
            assert (await post("a", "third")).status_code == 200
            assert (await post("b", "back")).status_code == 200
    finally:
        server.stop()
