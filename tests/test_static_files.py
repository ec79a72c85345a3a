"""The static files are listed once per run (tests/conftest.py ``_static_files_listed_once``): what each new test
client's middleware serves is what WhiteNoise lists itself, with the same headers."""

from whitenoise.middleware import WhiteNoiseMiddleware


def _served(middleware) -> dict:
    return {
        url: (found.etag, found.last_modified, found.not_modified_response.headers, found.alternatives)
        for url, found in middleware.files.items()
    }


def test_a_new_middleware_serves_what_whitenoise_lists_itself():
    from_the_list = WhiteNoiseMiddleware(lambda request: None)
    listed_itself = WhiteNoiseMiddleware(lambda request: None)
    listed_itself.files = {}
    WhiteNoiseMiddleware.add_files_from_finders.unpatched(listed_itself)
    assert "/static/samenplan/samenplan.css" in listed_itself.files
    assert len(listed_itself.files) > 1000  # the fonts among them
    assert _served(from_the_list) == _served(listed_itself)


def test_a_setting_the_list_depends_on_gets_a_list_of_its_own(settings, tmp_path):
    (tmp_path / "extra.css").write_text("p { color: black; }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("extra", tmp_path)]
    assert "/static/extra/extra.css" in WhiteNoiseMiddleware(lambda request: None).files


def test_a_client_gets_the_style_sheet(client):
    response = client.get("/static/samenplan/samenplan.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content)
