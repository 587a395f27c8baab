"""/docs and /redoc load everything from the app itself, so they work offline."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


class _AssetLinks(HTMLParser):
    """Every URL a page makes the browser fetch: script sources and linked resources."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        url = attributes.get("src") if tag == "script" else None
        if tag == "link":
            url = attributes.get("href")
        if url is not None:
            self.urls.append(url)


def asset_urls(html: str) -> list[str]:
    parser = _AssetLinks()
    parser.feed(html)
    return parser.urls


@pytest.mark.parametrize(
    ("path", "expected_assets"),
    [
        (
            "/docs",
            {
                "/static/vendor/swagger-ui-bundle.js",
                "/static/vendor/swagger-ui.css",
                "/static/vendor/swagger-ui-favicon.png",
            },
        ),
        ("/redoc", {"/static/vendor/redoc.standalone.js", "/static/vendor/swagger-ui-favicon.png"}),
    ],
)
def test_the_api_docs_pages_load_their_assets_from_the_app_itself(
    client: TestClient, path: str, expected_assets: set[str]
) -> None:
    page = client.get(path)

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in page.text
    assert "://" not in page.text
    # ReDoc's bundle fetches the Redocly logo from a CDN: images are held to the app.
    header = page.headers["content-security-policy"]
    policy = {part.split()[0]: part.split()[1:] for part in header.split("; ")}
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["frame-ancestors"] == ["'none'"]
    # FastAPI's inline start-up script is admitted by its hash, not by 'unsafe-inline'
    assert policy["script-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in policy["script-src"][1:])
    urls = asset_urls(page.text)
    assert set(urls) == expected_assets
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert asset.headers["content-type"].split(";")[0] == CONTENT_TYPES[suffix], url
        assert len(asset.content) > 500, url


def test_behind_a_proxy_prefix_the_pages_point_under_it(client: TestClient) -> None:
    proxied = TestClient(client.app, root_path="/opsdesk")

    docs, redoc = proxied.get("/docs").text, proxied.get("/redoc").text

    assert set(asset_urls(docs)) == {
        "/opsdesk/static/vendor/swagger-ui-bundle.js",
        "/opsdesk/static/vendor/swagger-ui.css",
        "/opsdesk/static/vendor/swagger-ui-favicon.png",
    }
    assert "url: '/opsdesk/openapi.json'" in docs
    assert "window.location.origin + '/opsdesk/docs/oauth2-redirect'" in docs
    assert '<redoc spec-url="/opsdesk/openapi.json">' in redoc
    assert "/opsdesk/static/vendor/redoc.standalone.js" in asset_urls(redoc)


def test_the_vendored_bundles_are_the_libraries_the_pages_call(client: TestClient) -> None:
    assert b"SwaggerUIBundle" in client.get("/static/vendor/swagger-ui-bundle.js").content
    assert b".swagger-ui" in client.get("/static/vendor/swagger-ui.css").content
    assert b"Redoc" in client.get("/static/vendor/redoc.standalone.js").content


def test_swagger_uis_oauth2_redirect_page_is_still_served(client: TestClient) -> None:
    docs = client.get("/docs")
    redirect = client.get("/docs/oauth2-redirect")

    assert "oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect'" in docs.text
    assert redirect.status_code == 200
    assert "swaggerUIRedirectOauth2" in redirect.text


def test_the_docs_pages_are_kept_out_of_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert not {"/docs", "/docs/oauth2-redirect", "/redoc"} & set(paths)
    assert "/api/v1/orders" in paths
