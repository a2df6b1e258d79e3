"""Demo data: the fictional schools that `manage.py seed_demo` creates.

This app sits on the top floor. It may import every app (schools, pupils,
walks, feedback, audit, sendit.lib), but no production module imports it:
demo/tests/test_apart.py scans the source to hold that. Each module seeds
one app's records (demo/schools.py, demo/pupils.py, demo/pupil_records.py,
demo/provision.py, demo/walks.py, demo/feedback.py; demo/names.py draws the
fictional names), each from its own seeded random generator, so the seed is
deterministic and running it again only adds what is missing. New demo data
for a feature goes here, with its test in demo/tests/.
"""
