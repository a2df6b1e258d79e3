from __future__ import annotations

from django.test import RequestFactory, override_settings

from audit.services import client_ip


def _request(**meta: str):
    return RequestFactory().get("/", REMOTE_ADDR="172.30.80.10", **meta)


def test_without_a_trusted_proxy_the_peer_address_is_used() -> None:
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "172.30.80.10"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_added_is_used() -> None:
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "203.0.113.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_an_address_the_client_wrote_itself_is_not_believed() -> None:
    request = _request(HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_no_forwarded_header_falls_back_to_the_peer() -> None:
    assert client_ip(_request()) == "172.30.80.10"
