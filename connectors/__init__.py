"""Connectors to external stores: one package per store, plus the shared HTTP layer.

This package never imports Django (DESIGN.md): what it needs from the database comes in
through small interfaces that the Django apps implement.
"""
