"""claimcheck: group, suggest and review the claims a corpus makes."""

__version__ = "0.1.0"  # the one place; pyproject.toml reads it
