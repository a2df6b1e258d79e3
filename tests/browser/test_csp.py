"""The Content Security Policy is enforced in the browser (#14): no inline
script, handler or style is left on the pages, and the watch that every
browser test runs under (conftest.no_csp_violations) does catch one."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import sign_in


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def test_the_watch_fails_a_page_with_inline_script_or_style(
    live_server, browser, transactional_db, request, no_csp_violations
) -> None:
    # A page of ours with the server's own policy, carrying what the policy
    # must refuse: the watch records each refusal.
    request.node.expects_csp_violation = True
    context = browser.new_context()
    page = context.new_page()
    policy = page.goto(f"{live_server.url}/accounts/login/").headers["content-security-policy"]
    page.route(
        f"{live_server.url}/inline-test/",
        lambda route: route.fulfill(
            body=(
                "<!doctype html><html lang='en'><head><title>x</title>"
                "<style>p{color:red}</style></head><body>"
                "<p style='color:blue'>Hello</p><script>document.title='ran'</script>"
                "<button onclick=\"document.title='clicked'\">Go</button></body></html>"
            ),
            content_type="text/html",
            headers={"Content-Security-Policy": policy},
        ),
    )
    page.goto(f"{live_server.url}/inline-test/")
    page.get_by_role("button", name="Go").click()
    expect(page).to_have_title("x")  # neither the script nor the handler ran
    page.wait_for_timeout(200)
    seen = " ".join(no_csp_violations)
    assert "script-src" in seen and "style-src" in seen, no_csp_violations
    context.close()


def test_the_policy_is_enforced_and_no_page_in_the_menus_breaks_it(
    live_server, browser, demo_school, no_csp_violations
) -> None:
    """Each role's pages in the main menu and each section's menu open with
    the enforced policy and without a single violation (the watch fails the
    test otherwise); htmx adds no <style> of its own."""
    for email in ("sendco@demo.test", "teacher@demo.test", "admin@demo.test"):
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, live_server, email, "sendit-demo")
        response = page.reload()
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "content-security-policy-report-only" not in response.headers
        links = set(
            page.locator("nav[aria-label='Main'] a.nav-link").evaluate_all(
                "(links) => links.map((a) => a.href)"
            )
        )
        for section in sorted(links):
            page.goto(section)
            links |= set(
                page.locator(".section-nav a.nav-link").evaluate_all(
                    "(links) => links.map((a) => a.href)"
                )
            )
        visited = 0
        for url in sorted(links):
            if not url.startswith(live_server.url):
                continue
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            page.wait_for_load_state("networkidle")
            assert page.locator("style").count() == 0, f"a <style> element on {url}"
            assert page.evaluate("() => typeof htmx === 'object'"), url
            visited += 1
        assert visited >= 3, (email, links)
        context.close()
    assert no_csp_violations == []
