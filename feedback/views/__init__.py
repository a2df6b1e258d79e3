"""Feedback pages, split by family: capture; drafting; teachers' notes; the picture and reports."""
