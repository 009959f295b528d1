"""The first default taxonomy (2024), frozen: read by migrations 0002 and 0005."""

DEFAULT_THEMES = [
    ('ehc-plans', 'EHC needs assessments and plans', 'Requests, 20-week timeliness, quality of plans and annual reviews.'),
    ('contact', 'Contact and communication with the SEND service', 'Getting through, replies, named caseworkers, being kept informed.'),
    ('waiting-times', 'Waiting times for assessment and diagnosis', 'Neurodevelopmental pathway: autism and ADHD assessment queues.'),
    ('health-therapies', 'Health services and therapies', 'Speech and language, occupational therapy, physiotherapy, paediatrics, medical needs in school.'),
    ('mental-health', 'Mental health and emotional wellbeing', 'CAMHS and support for wellbeing in school.'),
    ('sen-support', 'Support in school without an EHC plan', 'SEN support, the SENCo, the graduated approach.'),
    ('training', 'Staff training and awareness', 'How well staff understand and adapt for needs.'),
    ('inclusion', 'Inclusion, exclusions, attendance and behaviour policies', 'Part-time timetables, exclusions, school avoidance, behaviour rules.'),
    ('school-places', 'School places and specialist provision', 'Special schools, resourced provision, placements and waiting for a place.'),
    ('transitions', 'Transitions and preparing for adulthood', 'Moving between stages, college, employment, adult services.'),
    ('local-offer', 'Local Offer and information, advice and support', 'The Local Offer website, finding information, SENDIASS.'),
    ('co-production', 'Co-production and being listened to', 'Families involved in decisions and hearing back.'),
    ('funding', 'Funding, top-ups and personal budgets', 'Top-up funding, direct payments and personal budgets.'),
    ('short-breaks', 'Short breaks, social care and respite', 'Short breaks, holiday clubs, social care assessments, respite.'),
    ('transport', 'Home-to-school transport', 'Eligibility, routes, escorts and reliability of travel to school.'),
    ('joint-working', 'Joint and cross-border working between services', 'Education, health and care working together; neighbouring areas.'),
    ('equality', 'Equality, culture and diversity', "Fair access whatever a family's background, language or culture."),
    ('praise', 'Praise and positive experience', 'What is working well and who helped.'),
]
