"""Fictional names for the demo schools, drawn deterministically."""

from __future__ import annotations

import random

FIRST_NAMES = [
    "Aaliyah", "Adam", "Aisha", "Alfie", "Amara", "Amelia", "Archie", "Arjun", "Ava", "Ayaan",
    "Bella", "Ben", "Bethany", "Caleb", "Charlie", "Chloe", "Daisy", "Daniel", "Darcy", "Dylan",
    "Eden", "Eleanor", "Eli", "Ella", "Elsie", "Emily", "Ethan", "Evie", "Ezra", "Faith",
    "Finley", "Florence", "Freddie", "Grace", "Hamza", "Hannah", "Harper", "Harry", "Hasan",
    "Ibrahim", "Imogen", "Isaac", "Isla", "Ivy", "Jack", "Jacob", "Jasmine", "Jayden", "Jessica",
    "Joseph", "Joshua", "Kai", "Keira", "Layla", "Leo", "Lily", "Logan", "Louie", "Lucas",
    "Lucy", "Maisie", "Maryam", "Mason", "Matilda", "Maya", "Mia", "Mohammed", "Muhammad",
    "Nancy", "Nathan", "Noah", "Nojus", "Olivia", "Oscar", "Phoebe", "Poppy", "Priya", "Reggie",
    "Riley", "Rosie", "Ruby", "Ryan", "Sami", "Samuel", "Scarlett", "Sienna", "Sofia", "Sophie",
    "Teddy", "Theo", "Thomas", "Toby", "Tyler", "Violet", "Willow", "Yusuf", "Zac", "Zara",
    "Zofia", "Kacper", "Amir", "Chidi", "Femi", "Ifeoma", "Kwame", "Niamh", "Oisin", "Rhys",
]

LAST_NAMES = [
    "Abbott", "Acheampong", "Ahmed", "Ali", "Allen", "Atkinson", "Bailey", "Baker", "Barker",
    "Begum", "Bell", "Bennett", "Bibi", "Bird", "Booth", "Bowen", "Brennan", "Briggs", "Brown",
    "Burton", "Carter", "Chapman", "Chen", "Clarke", "Cole", "Collins", "Cooper", "Cox", "Dale",
    "Davies", "Dawson", "Dixon", "Doyle", "Edwards", "Ellis", "Evans", "Farrow", "Fenwick",
    "Fletcher", "Foster", "Fox", "Gallagher", "Gill", "Gordon", "Graham", "Gray", "Hale", "Hall",
    "Harding", "Harper", "Hughes", "Hussain", "Iqbal", "Jackson", "James", "Jenkins", "Johal",
    "Kaur", "Kelly", "Khan", "Kowalski", "Lamb", "Lawson", "Lee", "Lloyd", "Lynch", "Malik",
    "Marsh", "Mason", "Mensah", "Mills", "Moss", "Murphy", "Nash", "Nowak", "Okafor", "Osei",
    "Owen", "Palmer", "Parker", "Patel", "Pearce", "Price", "Quinn", "Rahman", "Reid", "Rees",
    "Riley", "Rowe", "Shah", "Sharp", "Singh", "Slater", "Stone", "Sutton", "Taylor", "Thorne",
    "Turner", "Vance", "Walsh", "Ward", "Webb", "Whitfield", "Wood", "Wright", "Yates", "Young",
]


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
