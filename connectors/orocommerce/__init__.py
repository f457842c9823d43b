"""OroCommerce: back-office JSON:API with OAuth 2.0 Authorization Code + PKCE."""
