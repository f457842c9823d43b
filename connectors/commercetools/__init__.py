"""commercetools: HTTP API with OAuth 2.0 client credentials."""
