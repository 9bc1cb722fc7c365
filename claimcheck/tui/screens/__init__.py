"""Screens of the review app, each in its own module."""
