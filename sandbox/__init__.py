"""Local emulators of OroCommerce and commercetools for tests and the demo."""
