"""The calendar's pages, by family: the calendar itself (month, week, agenda,
overdue), events (one event, adding and changing), feeds (subscribing, the
private and parents' feeds) and settings."""
