"""Root pytest configuration: kept minimal. Shared fixtures live next to the tests that use
them (tests/e2e/conftest.py holds the fake Discord fixtures)."""
