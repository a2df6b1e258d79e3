from __future__ import annotations

from django.urls import path

from calendar_app.views import calendar, events, feeds, settings

app_name = "calendar"

urlpatterns = [
    path("", calendar.month, name="month"),
    path("week/", calendar.week, name="week"),
    path("agenda/", calendar.agenda, name="agenda"),
    path("overdue/", calendar.overdue, name="overdue"),
    path("events/new/", events.event_add, name="event_add"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", events.event_cancel_view, name="event_cancel"),
    path("events/<int:pk>/restore/", events.event_restore_view, name="event_restore"),
    path("events/<int:pk>/done/", events.event_done, name="event_done"),
    path("subscribe/", feeds.subscribe, name="subscribe"),
    path("subscribe/reset/", feeds.feed_reset, name="feed_reset"),
    path("subscribe/parents/reset/", feeds.parents_reset, name="parents_reset"),
    path("settings/", settings.settings, name="settings"),
    path("settings/generate/", settings.generate, name="generate"),
    # Without signing in: the token is the key.
    path("feed/<str:token>.ics", feeds.feed, name="feed"),
    path("parents/<str:token>/", feeds.parents, name="parents"),
    path("parents/<str:token>.ics", feeds.parents_feed, name="parents_feed"),
]
