"""Pupil pages, split by family: register and profiles; provision, imports and concerns."""
