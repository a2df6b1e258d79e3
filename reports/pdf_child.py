"""HTML to PDF in a child process of its own (run by reports.pdf, never imported by Django).

``python -m reports.pdf_child --out FILE --static-root DIR [--static-root DIR…]``
reads the HTML on standard input, writes the PDF to FILE and prints one line
of JSON: pages and the peak memory of this process. reports.pdf starts it
with a memory and a CPU-time limit, so a document that grows too big fails
alone and the worker goes on.

Every resource the document names goes through StaticOnlyFetcher: only the
app's own static files under STATIC_BASE and data: images (our charts),
nothing else (no file://, no network, so no redirects either).
"""

from __future__ import annotations

import argparse
import base64
import json
import mimetypes
import resource
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The address our templates give the static files (never resolved: the
# fetcher maps it to files on disk). ".invalid" can never be a real host.
STATIC_BASE = "https://static.sendit.invalid/"
DATA_IMAGES = ("data:image/svg+xml;", "data:image/svg+xml,", "data:image/png;")


class ResourceRefused(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves files below the given static roots at STATIC_BASE, and refuses the rest."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith(DATA_IMAGES):
            # Our own charts (reports.charts); read here, nothing is fetched.
            head, _, payload = url.partition(",")
            media_type = head[len("data:") :].split(";")[0]
            body = base64.b64decode(payload) if head.endswith(";base64") else unquote(payload)
            return URLFetcherResponse(url, body, headers={"Content-Type": media_type})
        if not url.startswith(STATIC_BASE):
            self.refused.append(url)
            raise ResourceRefused(f"only the app's own static files may be fetched: {url[:80]}")
        parts = urlsplit(url)
        relative = unquote(parts.path).lstrip("/")
        for root in self.roots:
            path = (root / relative).resolve()
            if path.is_relative_to(root) and path.is_file():
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": media_type}
                )
        self.refused.append(url)
        raise ResourceRefused(f"no such static file: {relative[:80]}")


def render(html: str, out: Path, roots: list[Path]) -> dict[str, object]:
    fetcher = StaticOnlyFetcher(roots)
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render(
        stylesheets=[CSS(string="@page { size: A4 }", url_fetcher=fetcher)]
    )
    document.write_pdf(out, pdf_variant="pdf/ua-1")
    return {
        "pages": len(document.pages),
        "refused": fetcher.refused,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--static-root", action="append", default=[], type=Path)
    args = parser.parse_args(argv)
    html = sys.stdin.buffer.read().decode("utf-8")
    result = render(html, args.out, args.static_root)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
