"""archive-bot: answers questions about a blog archive with a quote and a link."""

__version__ = "0.1.0"
