"""OroCommerce sandbox: `from sandbox.orocommerce import OroSandbox`."""

from .server import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PASSWORD, DEMO_USERNAME, OroSandbox

__all__ = ["DEMO_CLIENT_ID", "DEMO_CLIENT_SECRET", "DEMO_PASSWORD", "DEMO_USERNAME", "OroSandbox"]
