"""The fictional demo area, Westmere, written for this project. No real council, no real people.

Dates are given as days before the day the demo is loaded, so overdue, stale and recent items
stay that way whenever it is loaded.
"""

from __future__ import annotations

# The published sign-in lives on the ground floor, which guards against it.
from saidanddone.core.demo_accounts import PASSWORD as PASSWORD
from saidanddone.core.demo_accounts import USERS as USERS

AREA = {
    "name": "Westmere",
    "slug": "westmere",
    "council_name": "Westmere Borough Council",
    "forum_name": "Westmere Parent Carer Voice",
    "brand_colour": "#1d4f76",
    "send_team_email": "send.team@westmere.example",
    "send_team_phone": "01632 960 100",
    "local_offer_url": "https://localoffer.westmere.example/",
    "complaints_url": "https://www.westmere.example/complaints",
    "sendiass_name": "Westmere SEND Information, Advice and Support Service (SENDIASS)",
    "sendiass_url": "https://sendiass.westmere.example/",
    "sendiass_phone": "01632 960 200",
    "social_care_phone": "01632 960 999",
    "next_publication_note": "We publish our next 'You said, we did' in July.",
}


# (days ago, channel kind, respondent role, theme slugs a person confirmed, text)
FEEDBACK: list[tuple[int, str, str, list[str], str]] = [
    (300, "web_form", "parent", ["contact"], "I rang the SEND team four times about my son's plan and nobody called me back. You feel invisible."),
    (295, "web_form", "parent", ["ehc-plans"], "Our EHC plan took 31 weeks. The law says 20. Nobody explained why or what was happening."),
    (290, "event", "parent", ["waiting-times"], "We have been waiting 18 months for an autism assessment. School won't put support in without a diagnosis."),
    (288, "survey", "parent", ["transport"], "The taxi to school changed driver three times in one term. My daughter was too anxious to get in."),
    (280, "survey", "young_person", ["transitions"], "Nobody told me what happens when I leave school. I am 17 and I don't know if college will help me."),
    (276, "web_form", "parent", ["local-offer"], "The Local Offer website is hard to use on a phone and half the links are broken."),
    (270, "forum_report", "forum", ["short-breaks"], "Parents at our summer drop-in said there are not enough holiday clubs that can take children with complex needs."),
    (266, "survey", "parent", ["sen-support"], "The SENCo at our primary is brilliant but only works two days a week, so things wait."),
    (260, "event", "parent", ["mental-health"], "CAMHS said my son was not unwell enough. Three months later he stopped going to school."),
    (255, "web_form", "professional", ["joint-working"], "Health advice for EHC assessments often arrives late because requests go to the wrong clinic."),
    (250, "survey", "parent", ["praise"], "The new key worker has been amazing. For the first time someone phones me back."),
    (245, "web_form", "parent", ["ehc-plans"], "The annual review meeting happened in March and we still have not seen the amended plan in September."),
    (240, "page_feedback", "parent", ["local-offer"], "This page says to contact the team but doesn't give a phone number."),
    (236, "survey", "parent", ["training"], "Teachers don't understand that my child's behaviour is communication. They need proper training."),
    (230, "event", "parent", ["inclusion"], "My son has been on a part-time timetable for a year. It was meant to be for six weeks."),
    (226, "survey", "young_person", ["co-production"], "Ask us, not just our parents. Young people should be on the panel."),
    (220, "web_form", "parent", ["funding"], "We were told top-up funding had been agreed but school says it never arrived."),
    (216, "survey", "parent", ["school-places"], "There was no specialist place for my daughter so she is at home with no education."),
    (210, "forum_report", "forum", ["contact"], "Families at our coffee mornings keep saying they do not know who their caseworker is."),
    (205, "survey", "parent", ["health-therapies"], "We waited nine months for speech and language therapy and then got six sessions."),
    (200, "web_form", "parent", ["equality"], "Letters only come in English. My mum can't read them and I have to translate about my own brother."),
    (196, "event", "parent", ["transport"], "Transport refused because we live 2.9 miles away, but there is no safe walking route."),
    (190, "survey", "parent", ["ehc-plans"], "The draft plan was copied from another child. It had the wrong name in it."),
    (186, "survey", "professional", ["training"], "Teaching assistants would welcome more training on sensory needs."),
    (180, "web_form", "parent", ["waiting-times"], "Is there any support while we wait for an ADHD assessment? We are struggling."),
    (176, "complaints", "parent", ["contact"], "Summary of complaints this quarter: most were about not getting replies within ten working days."),
    (170, "survey", "young_person", ["praise"], "My college tutor really listens. I like that I can take breaks when it gets too loud."),
    (166, "web_form", "parent", ["short-breaks"], "Direct payments are fine in theory but there are no personal assistants to employ."),
    (160, "survey", "parent", ["mental-health"], "School counsellor has a waiting list of a term. My daughter needs help now."),
    (156, "event", "parent", ["co-production"], "Nice to be asked, but we never hear what happened to what we said last time."),
    (150, "web_form", "parent", ["local-offer"], "I didn't know SENDIASS existed until a year after we started the EHC process."),
    (146, "survey", "parent", ["inclusion"], "My child was excluded three times this year for things linked to his autism."),
    (140, "survey", "professional", ["joint-working"], "We need one shared plan between education and health, not three separate ones."),
    (136, "web_form", "parent", ["ehc-plans"], "The plan doesn't say how many hours of support. Vague words like 'access to' mean nothing."),
    (130, "survey", "parent", ["transitions"], "The move to secondary school was planned well. The visits helped a lot."),
    (126, "page_feedback", "parent", ["local-offer"], "Search results for 'holiday club' show nothing, but there are two on your list."),
    (120, "event", "young_person", ["transitions"], "I want a job. Nobody talks about supported internships with me."),
    (116, "survey", "parent", ["health-therapies"], "Occupational therapy assessment was good but the equipment took five months."),
    (110, "web_form", "parent", ["contact"], "Nobody replies to e-mails to the general SEND inbox."),
    (106, "survey", "parent", ["funding"], "The personal budget process is confusing. Nobody explains what we can spend it on."),
    (100, "forum_report", "forum", ["school-places"], "Forum members report long journeys because there is no specialist secondary provision in the north of the borough."),
    (96, "survey", "parent", ["sen-support"], "Without an EHC plan school says their hands are tied. We need help before it gets that far."),
    (90, "web_form", "parent", ["praise"], "Thank you to the sensory support team. Our son can now join in PE."),
    (86, "survey", "parent", ["waiting-times"], "Please tell us where we are on the waiting list. Just a number would help."),
    (80, "event", "parent", ["training"], "Lunchtime staff don't know about my daughter's medical needs."),
    (76, "web_form", "professional", ["contact"], "Schools would like a named officer for each cluster so we know who to ask."),
    (70, "survey", "young_person", ["co-production"], "I would like the website to have videos instead of long pages."),
    (66, "survey", "parent", ["transport"], "The bus escort was fantastic, she knows exactly how to calm my son."),
    (60, "web_form", "parent", ["ehc-plans"], "We still have no decision on whether they will assess. It has been 8 weeks."),
    (56, "event", "parent", ["short-breaks"], "Short breaks saved our family last summer. Please don't cut them."),
    (50, "survey", "parent", ["mental-health"], "My son's anxiety means he cannot go into school. The attendance letters make it worse."),
    (46, "web_form", "parent", ["local-offer"], "Could you list which schools have a resourced provision and what it is for?"),
    (40, "survey", "professional", ["joint-working"], "Our neighbouring area's plans arrive without any of the health advice when a family moves."),
    (36, "web_form", "parent", ["equality"], "As a single dad who works shifts, every meeting is at 10am on a weekday."),
    (30, "survey", "parent", ["funding"], "We had to pay for a private assessment because the wait was too long."),
    (26, "event", "young_person", ["praise"], "The youth forum was fun and I felt listened to."),
    (22, "web_form", "parent", ["contact"], "The new phone line is much better, I got through in five minutes."),
    (18, "survey", "parent", [], "The annual review paperwork arrived the night before the meeting."),
    (14, "web_form", "parent", [], "My daughter's school won't let her have a quiet space at lunchtime."),
    (10, "page_feedback", "parent", [], "Page is out of date: the drop-in sessions moved to Thursday."),
    (7, "survey", "young_person", [], "I don't like it when people talk about me and not to me in meetings."),
    (4, "web_form", "parent", [], "Nothing to add."),
    (3, "web_form", "parent", [], "Please ring Mrs Okafor on 07700 900123 about my son Jamie, his EHCP is still not finished."),
    (2, "web_form", "parent", [], "My daughter says she wants to hurt herself when she has to go to school. I don't know who to tell."),
]

# Responses: (title, you said summary, theme slugs, easy read, [commitments])
# A commitment: (text, owner team, partners, started days ago, due in days (negative = past),
#                [(status, days ago, reason)], [progress (days ago, text)],
#                [evidence (days ago, kind, title, url, description, indicator key)],
#                not possible rationale)
DemoCommitment = tuple[str, str, str, int, int, list[tuple[str, int, str]], list[tuple[int, str]],
                       list[tuple[int, str, str, str, str, str | None]], str]
RESPONSES: list[tuple[str, str, list[str], str, list[DemoCommitment]]] = [
    ("Quicker replies from the SEND team",
     "Many of you told us you could not get through to the SEND team, did not know who your "
     "caseworker was, or waited weeks for a reply to an e-mail.",
     ["contact"],
     "You told us we were slow to reply.\nWe now have a phone line.\nEvery family has a named worker.",
     [
         ("Open a SEND phone line staffed every weekday from 9am to 5pm.", "SEND Service",
          "Westmere Parent Carer Voice", 280, -120,
          [("in_progress", 250, "Recruitment of two advisers started."),
           ("done", 150, "The line opened and answered 1,900 calls in its first quarter.")],
          [(200, "Advisers appointed; phone system being set up.")],
          [(150, "indicator", "Calls answered within five minutes", "", "", "calls")], ""),
         ("Give every family a named caseworker and tell them who it is in writing.",
          "SEND Service", "", 250, -30,
          [("in_progress", 200, "Caseloads being reallocated by school cluster.")],
          [(180, "Half of families have been sent their caseworker's details.")],
          [], ""),
         ("Reply to every e-mail to the SEND inbox within five working days.",
          "SEND Service", "", 200, 60, [], [(40, "Shared inbox now tracked daily.")], [], ""),
     ]),
    ("EHC plans on time and written for my child",
     "You said plans took longer than 20 weeks, that drafts were copied from other children, "
     "and that plans used vague words instead of saying how much support.",
     ["ehc-plans"],
     "Plans took too long.\nSome plans were copied.\nWe are fixing this.",
     [
         ("Issue at least 60% of new EHC plans within 20 weeks, excluding exceptions.",
          "SEND Assessment Team", "Westmere Parent Carer Voice", 300, 30,
          [("in_progress", 280, "Weekly tracking of every open assessment began.")],
          [(120, "On-time rate rose from 31% to 48%."), (20, "On-time rate now 55%.")],
          [(20, "indicator", "EHC plans issued within 20 weeks", "", "", "ehcp")], ""),
         ("Check every draft plan against a quality checklist written with parents.",
          "SEND Quality Assurance", "Westmere Parent Carer Voice", 240, -60,
          [("done", 70, "Checklist in use for all drafts since the spring.")], [],
          [(70, "link", "The quality checklist", "https://localoffer.westmere.example/ehcp-quality",
            "", None)], ""),
         ("Send amended plans within four weeks of every annual review.",
          "SEND Assessment Team", "", 200, -10, [], [], [], ""),
         ("Name a specific number of hours of support in every new plan.",
          "SEND Assessment Team", "", 150, -45,
          [("not_possible", 60, "Legal advice received.")], [], [],
          "Support in a plan must be specific, but it is not always measured in hours: "
          "for some children it is a kind of teaching. We now state who provides what and how "
          "often in every plan instead."),
     ]),
    ("Less time waiting for an autism or ADHD assessment",
     "Families told us the wait for an assessment is too long, that support is withheld until "
     "there is a diagnosis, and that nobody tells them where they are on the list.",
     ["waiting-times"], "",
     [
         ("Write to every family on the waiting list every three months with their position.",
          "Neurodevelopmental Pathway (NHS Westmere)", "Westmere Parent Carer Voice", 180, -20,
          [("done", 40, "Letters sent for the first time in September.")], [],
          [(40, "note", "Letters sent", "", "1,240 families received a letter with their place.",
            None)], ""),
         ("Offer a parent workshop on support while you wait, every month.",
          "Neurodevelopmental Pathway (NHS Westmere)", "Westmere Parent Carer Voice", 160, 90,
          [("in_progress", 100, "Two pilot workshops held.")], [], [], ""),
         ("Cut the longest wait for an autism assessment to under 12 months.",
          "Neurodevelopmental Pathway (NHS Westmere)", "", 300, 200, [],
          [(60, "Extra assessment clinics booked for the winter.")],
          [(60, "indicator", "Longest wait for an autism assessment", "", "", "wait")], ""),
     ]),
    ("Transport that children can rely on",
     "You said drivers changed too often and eligibility rules ignored unsafe walking routes.",
     ["transport"], "",
     [
         ("Keep the same driver and escort for a child for the whole school year where we can.",
          "Passenger Transport", "", 220, -90,
          [("done", 100, "New contracts require named drivers.")], [], [], ""),
         ("Review the walking-route assessments for all refused applications since last year.",
          "Passenger Transport", "", 190, -150, [], [], [], ""),
     ]),
    ("Clearer information on the Local Offer",
     "You told us the Local Offer website was hard to use on a phone, had broken links and did "
     "not tell you about SENDIASS early enough.",
     ["local-offer"], "",
     [
         ("Fix every broken link on the Local Offer and check them every month.",
          "Local Offer Team", "", 260, -200,
          [("done", 210, "All 312 links checked; 41 fixed.")], [],
          [(210, "note", "Link check", "", "A monthly automatic check now runs.", None)], ""),
         ("Rebuild the Local Offer so that it works well on a phone.", "Local Offer Team",
          "Westmere Parent Carer Voice; young people's forum", 200, 120,
          [("in_progress", 150, "Designs tested with 12 parents and 6 young people.")], [], [],
          ""),
         ("Tell every family about SENDIASS in the first letter about an EHC assessment.",
          "SEND Assessment Team", "Westmere SENDIASS", 140, -100, [], [], [], ""),
     ]),
    ("More support for wellbeing and mental health in school",
     "You said children were turned away by CAMHS and waited a term for a school counsellor.",
     ["mental-health"], "",
     [
         ("Place a mental health support team in 20 more schools.",
          "NHS Westmere Children's Mental Health", "Schools", 200, 150,
          [("in_progress", 120, "Eight schools have a team.")], [], [], ""),
         ("Publish what CAMHS offers, and what to do if you are turned down.",
          "NHS Westmere Children's Mental Health", "", 120, -5, [], [], [], ""),
     ]),
    ("Short breaks and holiday clubs for every child",
     "Families said there are not enough holiday clubs for children with complex needs, and "
     "no personal assistants to employ with direct payments.",
     ["short-breaks"], "",
     [
         ("Fund two more holiday clubs for children with complex needs.",
          "Short Breaks Team", "Westmere Parent Carer Voice", 180, -60,
          [("done", 80, "Clubs ran in the summer holidays with 64 children.")], [], [], ""),
         ("Start a register of personal assistants families can employ.", "Short Breaks Team",
          "", 150, 45, [], [], [], ""),
     ]),
]

RESPONSES.append(
    ("Help to prepare for adult life",
     "Young people told us nobody talked to them about college, jobs or supported internships, "
     "and that meetings talked about them rather than to them.",
     ["transitions"], "",
     [
         ("Talk to every young person in Year 9 about their hopes for adult life at their review.",
          "Preparing for Adulthood Team", "Westmere Youth Forum", 100, 200, [], [], [], ""),
         ("Offer 15 supported internships with local employers.",
          "Preparing for Adulthood Team", "Westmere College", 90, 250,
          [("in_progress", 30, "Six employers have signed up.")], [], [], ""),
     ]),
)

# Left out of the published period: a response still being drafted.
DRAFT_RESPONSE_TITLES = {"Help to prepare for adult life"}

INDICATORS = {
    "calls": ("Calls to the SEND line answered within five minutes", "%", "up",
              [(270, 38), (180, 61), (90, 79), (10, 86)], 90),
    "ehcp": ("EHC plans issued within 20 weeks, excluding exceptions", "%", "up",
             [(330, 31), (240, 39), (150, 48), (60, 52), (15, 55)], 60),
    "wait": ("Longest wait for an autism assessment", "weeks", "down",
             [(300, 86), (200, 79), (100, 71), (20, 64)], 52),
}

# The area's glossary: abbreviations written out in full the first time they are used in public.
GLOSSARY = [
    ("ADHD", "attention deficit hyperactivity disorder"),
    ("CAMHS", "child and adolescent mental health services"),
    ("EHC", "education, health and care"),
    ("EHCP", "education, health and care plan"),
    ("NHS", "National Health Service"),
    ("SEN", "special educational needs"),
    ("SENCo", "special educational needs co-ordinator"),
    ("SEND", "special educational needs and disabilities"),
    ("SENDIASS", "SEND Information, Advice and Support Service"),
]

# Easy Read text for the responses written without one above (one idea per line).
EASY_READ = {
    "Less time waiting for an autism or ADHD assessment": (
        "You told us you wait too long for a test for autism or ADHD.\n"
        "We will write to you every 3 months.\n"
        "The letter will say where you are on the list.\n"
        "We run a workshop every month to help while you wait."),
    "Transport that children can rely on": (
        "You told us the driver kept changing.\n"
        "Now your child should have the same driver all year.\n"
        "We will check again if you were told no."),
    "Clearer information on the Local Offer": (
        "You told us our website was hard to use.\n"
        "We fixed the broken links.\n"
        "We are making the website work on a phone.\n"
        "We will tell you about the advice service sooner."),
    "More support for wellbeing and mental health in school": (
        "You told us it is hard to get help with feelings and worries.\n"
        "More schools will have a mental health team.\n"
        "We will tell you what help there is."),
    "Short breaks and holiday clubs for every child": (
        "You told us there are not enough holiday clubs.\n"
        "We paid for 2 more clubs.\n"
        "64 children went to them in the summer.\n"
        "We will help you find a helper to employ."),
    "Help to prepare for adult life": (
        "Young people told us nobody talked about jobs or college.\n"
        "We will talk with you about what you want when you grow up.\n"
        "We will find 15 places to learn at work."),
}

# Local Offer comments (regulation 56), by the "days ago" of the comment in FEEDBACK above.
REG56 = {
    276: "accessibility",  # the website on a phone, broken links
    240: "accessibility",  # no phone number on the page
    150: "accessibility",  # did not know SENDIASS existed
    126: "accessibility",  # search shows nothing
    46: "provision",       # which schools have a resourced provision
    270: "provision",      # not enough holiday clubs
    166: "provision",      # no personal assistants
    56: "provision",       # short breaks saved our family
    226: "development",    # young people on the panel
    156: "development",    # never hear what happened
    70: "development",     # videos instead of long pages
}
