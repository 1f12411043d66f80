"""Channel adapters: one per network, each an httpx client behind one interface."""
