import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login rate limits and used one-time codes live in the cache: no test starts with another test's attempts."""
    cache.clear()
    yield
    cache.clear()
