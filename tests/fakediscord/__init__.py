"""A local fake of Discord's REST API and gateway for end-to-end tests of the real discord.py
client. See README.md here; fixtures are in tests/e2e/conftest.py."""

from .records import FakeInteraction, InteractionResponse, RecordedFile, RecordedRequest
from .server import FakeDiscord

Interaction = FakeInteraction

__all__ = [
    "FakeDiscord",
    "FakeInteraction",
    "Interaction",
    "InteractionResponse",
    "RecordedFile",
    "RecordedRequest",
]
