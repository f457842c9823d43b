"""commercetools sandbox: `from sandbox.commercetools import CommercetoolsSandbox`."""

from .server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PROJECT_KEY, CommercetoolsSandbox

__all__ = ["DEMO_CLIENT_ID", "DEMO_CLIENT_SECRET", "DEMO_PROJECT_KEY", "CommercetoolsSandbox"]
