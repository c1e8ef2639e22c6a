# The API key fixtures of academy/api (a system registering deliveries through the API).
from academy.api.tests.conftest import _fresh_cache, key_client, make_key  # noqa: F401
