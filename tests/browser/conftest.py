"""Real Chromium (Debian's package) driven by Playwright, plus axe-core.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(or $CHROMIUM_PATH). Browser tests are skipped with the reason printed only
when no Chromium is installed; CI installs it.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.mfa import code_for

AXE_JS = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TABLET = {"width": 820, "height": 1180}


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    path = _chromium()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


# Every page of every browser test runs under the Content Security Policy the
# server sends (enforced, never bypass_csp): a violation (an inline script,
# handler or style the policy refused) is written to the console by this
# listener, which Playwright installs through the DevTools protocol (so the
# policy does not stop the listener itself), and fails the test.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " refused "
    + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber
    + (event.sample ? " (" + event.sample + ")" : ""));
});
"""


def watch_csp(context, seen: list[str]) -> None:
    context.add_init_script(CSP_WATCH)
    context.on(
        "console",
        lambda message: (
            seen.append(f"{message.page.url if message.page else '?'}: {message.text}")
            if "CSP violation" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )


@pytest.fixture(autouse=True)
def no_csp_violations(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Watch every context a browser test opens (its own new_context calls and
    pytest-playwright's page fixture alike) for CSP violations."""
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
        yield []
        return
    browser = request.getfixturevalue("browser")
    seen: list[str] = []
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        watch_csp(context, seen)
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield seen
    if not getattr(request.node, "expects_csp_violation", False):
        assert not seen, "The Content Security Policy refused something:\n" + "\n".join(seen)


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page with the WCAG 2.x A and AA rules: none may fail."""
    # Not add_script_tag: that writes an inline <script>, which the pages'
    # Content Security Policy refuses. Playwright's evaluate runs through the
    # DevTools protocol, which a page's CSP does not govern.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"(() => {{ {_axe_source()} }})()")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe-core found violations on {page.url}:\n" + "\n".join(violations)


def assert_no_axe_violations_as_rendered(browser, page) -> None:
    """axe-core for a page shown with JavaScript off (axe itself needs it): the
    page's HTML as it is now, served at its own address to a second page whose
    scripts are all blocked, so that axe checks exactly what a reader without
    JavaScript has (styles load as usual)."""
    url, html = page.url, page.content()
    context = browser.new_context(viewport=page.viewport_size)
    context.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
    checker = context.new_page()
    checker.route(
        re.compile(f"^{re.escape(url.split('#')[0])}$"),
        lambda route: route.fulfill(body=html, content_type="text/html"),
    )
    checker.goto(url)
    assert checker.locator("h1").inner_text() == page.locator("h1").inner_text()
    assert_no_axe_violations(checker)
    context.close()


def sign_in(page, live_server, email: str, password: str) -> None:
    """Sign in through the form, with the code of the account's authenticator
    app when the account has one (tests/mfa.py)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    finish_sign_in(page, email)


def finish_sign_in(page, email: str) -> None:
    """After the sign-in form was sent: the code step, when the account's
    authenticator app is asked for (tests/mfa.py computes the code)."""
    page.wait_for_load_state()
    if CODE_PAGE in page.url:
        enter_sign_in_code(page, code_for(email))
        # Until the page after the code (and its redirects) has loaded, so
        # that the next goto does not cut it short.
        page.wait_for_url(lambda url: CODE_PAGE not in url)
        page.wait_for_load_state()


CODE_PAGE = "/accounts/2fa/authenticate/"


def enter_sign_in_code(page, code: str) -> None:
    page.get_by_label("Sign-in code").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    """Sign out through the header's account menu (opened first when JavaScript
    made it a button)."""
    header = page.get_by_role("banner")
    menu_button = header.get_by_role("button", name="Your account")
    if menu_button.is_visible():
        menu_button.click()
        header.get_by_role("button", name="Sign out").click()
    else:
        header.get_by_role("link", name="Your account").click()
        page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
