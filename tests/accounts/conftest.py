import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Login rate limits and used one-time codes live in the cache (a database table unless REDIS_URL is set, so
    the database is needed): no test starts with another test's attempts."""
    cache.clear()
    yield
    cache.clear()
