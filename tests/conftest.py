"""Root pytest configuration: kept minimal. Shared fixtures live next to the tests that use
them (tests/e2e/conftest.py holds the fake Discord fixtures); the PostgreSQL server
fixtures (`pg_server`, `pg_database`) are in tests/pgserver.py, for every folder."""

pytest_plugins = ["tests.pgserver"]
