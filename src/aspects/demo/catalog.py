"""Names for the demo deployment: organizations, courses, topics, people, places."""

from __future__ import annotations

ORGS = ("AspectsU", "OpenScienceX", "CivicTechX", "HarbourU")

# (course number, title, section topics): the topics name sections; subsections and units are
# named from them so a course team sees a plausible outline.
COURSES = (
    (
        "DS101",
        "Introduction to Data Science",
        ("Getting started", "Data wrangling", "Visualisation", "Statistics", "Models", "Ethics"),
    ),
    (
        "CLIM201",
        "Climate Science Basics",
        ("The atmosphere", "Oceans", "Carbon cycle", "Models and scenarios", "Adaptation"),
    ),
    (
        "PY110",
        "Python for Everyone",
        ("Variables", "Control flow", "Functions", "Data structures", "Files", "Testing", "APIs"),
    ),
    (
        "HIST150",
        "A History of the Internet",
        ("Packets", "ARPANET", "The Web", "Search", "Social media"),
    ),
    (
        "BIO120",
        "Genetics in Everyday Life",
        ("Cells", "DNA", "Inheritance", "Genomes", "Biotechnology", "Society"),
    ),
    (
        "ECON101",
        "Principles of Microeconomics",
        ("Markets", "Elasticity", "Consumers", "Firms", "Competition", "Public goods"),
    ),
)

UNIT_KINDS = ("Introduction", "Lecture", "Worked example", "Practice", "Reading", "Summary")
SUBSECTION_KINDS = ("Overview", "Core ideas", "In practice", "Going further")
THREAD_TITLES = (
    "Question about the homework",
    "Is there a transcript for the second video?",
    "Study group for this week",
    "I think problem 3 has a typo",
    "Great explanation in the lecture!",
    "Stuck on the practice problem",
    "Where can I find the readings?",
    "Introduce yourself here",
)
ANSWERS = (
    "a correct answer",
    "an incorrect answer",
    "blue",
    "a piano",
    "42",
    "the second option",
    "none of the above",
)
QUESTIONS = (
    "Which of the following statements is true?",
    "Select the best answer.",
    "What is the result of the calculation?",
    "Which option matches the definition from the lecture?",
    "Choose every correct statement.",
)

FIRST_NAMES = (
    "Amina", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jamal",
    "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Samir", "Tara",
    "Umar", "Valeria", "Wei", "Ximena", "Yusuf", "Zoe", "Ana", "Lucas", "Mei", "Noah",
    "Olga", "Pablo", "Sofia", "Tomas", "Aisha", "Emma", "Leila", "Diego", "Hana", "Ivan",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Schmidt", "Rossi", "Ivanova", "Garcia", "Haddad", "Chen", "Tanaka", "Silva",
    "Johnson", "Mensah", "Novak", "Fernandez", "Khan", "Ali", "Patel", "Dubois", "Moreno",
    "Nasser", "Singh", "Kowalski", "Lopez", "Wang", "Torres", "Yilmaz", "Martin", "Costa",
    "Kim", "Nguyen", "Olsen", "Cruz", "Ahmed", "Berg", "Murphy", "Sato", "Popescu",
)  # fmt: skip
# (country code, city, state) for user profiles.
PLACES = (
    ("US", "Boston", "MA"), ("US", "Austin", "TX"), ("IN", "Pune", ""), ("BR", "Recife", ""),
    ("NG", "Lagos", ""), ("DE", "Leipzig", ""), ("FR", "Lyon", ""), ("MX", "Puebla", ""),
    ("EG", "Cairo", ""), ("JP", "Osaka", ""), ("KE", "Nairobi", ""), ("ES", "Valencia", ""),
    ("CA", "Halifax", "NS"), ("PK", "Lahore", ""), ("ID", "Bandung", ""), ("GB", "Leeds", ""),
)  # fmt: skip
LANGUAGES = ("en", "es", "fr", "pt", "ar", "hi", "de", "ja")
EDUCATION = ("hs", "a", "b", "m", "p", "other", "")
GENDERS = ("f", "m", "o", "")
GOALS = (
    "Change careers",
    "Learn something new",
    "Prepare for university",
    "Needed for my job",
    "",
)

# Enrollment tracks (Open edX course modes) and their share of new enrollments.
TRACKS = (
    ("audit", 0.55),
    ("verified", 0.22),
    ("honor", 0.13),
    ("professional", 0.04),
    ("no-id-professional", 0.03),
    ("masters", 0.03),
)
