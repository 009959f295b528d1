"""What the importer reads from a page's own structure, beside the learned labeller (issue 12).

Each test is a small page written for it, in one of the shapes real pages use: a flattened
table under a said/did header, quoted comments with replies under them, headings between
entries, one cell per line with pipes, parallel lists paired by order, nested replies, and a
finding that turns to its answer in one line. Each also has the page it must leave alone.
"""

from __future__ import annotations

from datetime import date

import pytest

from saidanddone.importers import DocumentError, read_document
from saidanddone.importers.blocks import label_column
from saidanddone.importers.labeller import header_row
from saidanddone.importers.units import lines_from_text, split_line

TODAY = date(2025, 1, 1)


def read(text: str):  # type: ignore[no-untyped-def]
    return read_document(text.encode("utf-8"), "page.txt", today=TODAY)


def said_and_did(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(" ".join(e.you_said), " ".join(e.we_did)) for e in doc.entries]


# ------------------------------------------------------------------------------------ units


def test_a_sentence_ends_after_a_closing_quote() -> None:
    units = split_line(0, "Few knew about the \u201cquiet room\u201d. We printed new leaflets.")
    assert [u.text for u in units][-1] == "We printed new leaflets."


def test_a_quoted_name_is_not_cut_at_its_comma() -> None:
    units = split_line(
        0, "After the forum in March, we set up our \u201cYou said, we did\u201d board by the door."
    )
    assert len(units) == 2  # the turn after "March", not inside the quoted name
    assert "\u201cYou said, we did\u201d board" in units[1].text


@pytest.mark.parametrize(
    "line", ["We asked, you said, we did", "We Asked, You Said, We Did", "You said \u2013 we did."]
)
def test_the_format_name_on_a_line_is_one_unit(line: str) -> None:
    assert len(split_line(0, line)) == 1


def test_the_format_name_opening_a_sentence_is_not_cut() -> None:
    line = "We asked, you said, we did is a simple way to report back after a survey."
    assert len(split_line(0, line)) == 1


def test_indentation_is_kept_on_lines_of_a_text_page() -> None:
    lines = lines_from_text("\u2022 outer item\n    \u2022 nested item\n")
    assert lines[1].indent > lines[0].indent


# ------------------------------------------------------------------------------- table headers


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("Feedback   Response", True),
        ("You said We did", True),
        ("Your comments Our response", True),
        ("You said, we did", False),
        ("You said and we did", False),
        ("Feedback from the forum", False),
    ],
)
def test_a_header_row_is_a_said_label_beside_a_did_label(text: str, header: bool) -> None:
    assert header_row(text) is header


def test_rows_under_a_said_did_header_split_where_the_answer_starts() -> None:
    doc = read(
        "Community transport update\n\n"
        "You said\n"
        "We did\n"
        "The minibus timetable is hard to find on the website. We added a timetable page "
        "and a link from the home page.\n"
        "Drivers do not always wait for slower passengers. We have given every driver a "
        "refresher session on assisting passengers.\n"
        "The booking line closes too early on Fridays. Our booking line now stays open "
        "until 6pm on Fridays.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 3
    assert "timetable is hard to find" in pairs[0][0]
    assert "timetable page" in pairs[0][1]
    assert "booking line closes" in pairs[2][0]
    assert "until 6pm" in pairs[2][1]


def test_a_you_said_we_did_title_is_not_a_header_row() -> None:
    page = (
        "You said, we did\n\n"
        "Once the consultation closes, we will publish a summary of the responses.\n"
        "Anyone can ask for a copy in large print.\n"
    )
    with pytest.raises(DocumentError):
        read(page)


# ----------------------------------------------------------------------------- quoted replies


def test_quoted_comments_with_replies_under_them_pair_up() -> None:
    doc = read(
        "What parents would change\n\n"
        "Our answers are under each comment.\n\n"
        "\u201cThe car park is dangerous at home time\u201d\n"
        "We have asked the council for a crossing patrol and staff now stand at the gate.\n\n"
        "\u201cMore notice of trips please\u201d.\n"
        "Trip letters will go out at least three weeks before each trip from next term.\n\n"
        "\u201cHomework club is full every week\u201d\n"
        "A second homework club has started on Thursdays with two more teaching assistants.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 3
    assert "car park" in pairs[0][0] and "crossing patrol" in pairs[0][1]
    assert "three weeks" in pairs[1][1]
    assert "Thursdays" in pairs[2][1]


def test_quotes_with_only_their_speakers_under_them_yield_nothing() -> None:
    page = (
        "Voices from the youth forum\n\n"
        "\u201cI like the new youth club a lot\u201d\n"
        "Sam, 14\n"
        "\u201cThe bus there takes too long\u201d\n"
        "Priya, 15\n"
        "\u201cI made new friends at the summer scheme\u201d\n"
        "Jordan, 13\n"
    )
    with pytest.raises(DocumentError):
        read(page)


# ------------------------------------------------------------------------- headings, tables


def test_a_heading_between_entries_starts_the_next_and_states_its_request() -> None:
    doc = read(
        "Repairs survey: what we heard\n\n"
        "1. Appointment times:\n"
        "Many tenants told us that morning-only appointments are hard to keep. We will offer "
        "evening and Saturday slots from April.\n\n"
        "2. Updates on repairs:\n"
        "Several tenants said they never heard whether a repair was booked. We now send a "
        "text message when a job is booked and when it is finished.\n\n"
        "3. Charges for damage:\n"
        "We will agree any charge with the tenant first and offer to spread the cost.\n"
    )
    assert len(doc.entries) == 3
    assert "Charges for damage" in doc.entries[2].you_said
    assert doc.entries[2].we_did and "spread the cost" in doc.entries[2].we_did[0]


def test_a_table_copied_one_cell_per_line_with_pipes_is_read_by_columns() -> None:
    doc = read(
        "Tenant feedback themes\n\n"
        "Tenant themes\n|\nOur responses (updated monthly)\n|\n"
        "Repairs take too long\n|\nWe have added two more repair teams.\n|\n"
        "Hard to reach us by phone\n|\nThe phone line now opens at 8am.\n|\n"
    )
    pairs = said_and_did(doc)
    assert pairs == [
        ("Repairs take too long", "We have added two more repair teams."),
        ("Hard to reach us by phone", "The phone line now opens at 8am."),
    ]


def test_a_table_whose_answers_are_all_empty_keeps_its_rows() -> None:
    doc = read(
        "Tenant themes\n|\nOur responses\n|\n"
        "Faster repairs\n|\n|\n"
        "Cleaner stairwells\n|\n|\n"
        "Better lighting in car parks\n|\n|\n"
    )
    assert [e.you_said for e in doc.entries] == [
        ("Faster repairs",), ("Cleaner stairwells",), ("Better lighting in car parks",)
    ]
    assert not any(e.we_did for e in doc.entries)


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("Resident themes", "said"),
        ("Themes", "theme"),
        ("Our responses (updated monthly)", "did"),
        ("Patient feedback", "said"),
        ("Parents said", "said"),
        ("Status", "status"),
    ],
)
def test_column_names_with_an_aside_or_whose_they_are(cell: str, role: str) -> None:
    assert label_column(cell) == role


# ----------------------------------------------------------------------------- lists


def test_parallel_lists_of_points_and_answers_pair_by_order() -> None:
    doc = read(
        "Library feedback 2024/25\n\n"
        "Your feedback\n"
        "\u2022 The silent floor is often noisy in the afternoons\n"
        "\u2022 You asked for more plug sockets near the windows\n"
        "\u2022 Some of you said the lockers are too small\n"
        "\u2022 You asked for longer opening hours at weekends\n"
        "Our response\n"
        "\u2022 Noise \u2013 staff now walk through the silent floor every hour.\n"
        "\u2022 Sockets \u2013 we have fitted twenty new sockets along the windows.\n"
        "\u2022 Lockers \u2013 larger lockers will be installed in the summer.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 4
    assert "silent floor is often noisy" in pairs[0][0] and "every hour" in pairs[0][1]
    assert "plug sockets" in pairs[1][0] and "twenty new sockets" in pairs[1][1]
    assert "lockers are too small" in pairs[2][0] and "larger lockers" in pairs[2][1]
    assert "weekends" in pairs[3][0] and pairs[3][1] == ""


def test_comments_answered_by_nested_items_pair_up() -> None:
    doc = read(
        "Patient survey results\n\n"
        "You said:\n"
        "  \u2022 It is hard to get through on the phone at 8am.\n"
        "      \u2022 We have added four more call handlers in the morning.\n"
        "  \u2022 The waiting room is too warm in summer.\n"
        "      \u2022 Two new fans have been fitted and blinds are on order.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 2
    assert "phone at 8am" in pairs[0][0] and "call handlers" in pairs[0][1]
    assert "too warm" in pairs[1][0] and "fans" in pairs[1][1]


def test_a_finding_that_turns_to_its_answer_opens_with_what_was_said() -> None:
    doc = read(
        "What we found out at the open day\n\n"
        "\u2022 Most visitors wanted somewhere to sit near the entrance, so we have put "
        "benches in the front garden.\n"
        "\u2022 Many people found the signs confusing, so we have replaced them with larger "
        "ones.\n"
        "\u2022 Several families asked for a baby changing room, so we are converting the old "
        "store room.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 3
    assert "signs confusing" in pairs[1][0] and "larger ones" in pairs[1][1]


def test_a_label_that_names_its_topic_names_the_entry() -> None:
    doc = read(
        "Survey findings and next steps\n\n"
        "Feedback about short breaks in the holidays\n"
        "Four in ten families told us they could not find a holiday short break nearby.\n"
        "Our answer about short breaks in the holidays\n"
        "We are funding six new holiday schemes across the county this summer.\n"
        "Feedback about waiting for assessments\n"
    )
    assert doc.entries[0].heading == "short breaks in the holidays"
    assert "holiday short break" in doc.entries[0].you_said[0]
    assert "six new holiday schemes" in doc.entries[0].we_did[0]
    # the page stops before the feedback itself: what the label names is what was raised
    assert doc.entries[1].you_said == ("waiting for assessments",)


@pytest.mark.parametrize(
    "line",
    ["Feedback about our service is welcome. Please call us.", "Action about", "Feedback"],
)
def test_a_sentence_or_a_bare_word_is_not_a_topic_label(line: str) -> None:
    from saidanddone.importers.blocks import find_label

    label = find_label(line)
    assert label is None or label.topic is None


def test_requests_on_their_own_lines_answered_by_we_items_pair_up() -> None:
    doc = read(
        "Some of the things you asked for:\n"
        "Hard to find the new clinic entrance\n"
        "- We have put up signs from both car parks\n"
        "Information when clinics run late\n"
        "- We have put whiteboards in the waiting rooms\n"
        "More evening appointments for working parents\n"
        "- We are talking to the GP federation about extended hours\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 3
    assert "clinics run late" in pairs[1][0] and "whiteboards" in pairs[1][1]


def test_a_page_of_promises_under_plain_headings_yields_nothing() -> None:
    page = (
        "Our communication promise to families\n\n"
        "Answering your calls\n"
        "- We will answer the phone within five rings\n"
        "Replying to e-mails\n"
        "- We will reply within three working days\n"
        "Keeping you informed\n"
        "- We will tell you who your case worker is\n"
    )
    with pytest.raises(DocumentError):
        read(page)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("\u201cWhat are we doing about this?\u201d", "did"),
        ("What did we do?", "did"),
        ("What did you tell us?", "said"),
        ("What we are doing about that:", "did"),
    ],
)
def test_labels_asked_as_questions_are_labels(text: str, kind: str) -> None:
    from saidanddone.importers.blocks import find_label

    label = find_label(text)
    assert label is not None and label.kind == kind and not label.rest


def test_a_line_opening_with_who_told_us_is_what_was_said() -> None:
    doc = read(
        "How your comments changed our wards\n\n"
        "Visitors told us that evening visiting ended too early, so we extended it to 8pm "
        "on every ward.\n"
        "Patients told us the day room was never open at weekends. We now keep it open "
        "from 10am to 6pm every day.\n"
        "Carers said they were not told when a discharge was planned. We have started "
        "phoning the named carer the day before.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 3
    assert "day room" in pairs[1][0] and "10am to 6pm" in pairs[1][1]


def test_reported_speech_opening_a_line_overrides_an_action_carried_on() -> None:
    from saidanddone.importers.labeller import _reported_speech
    from saidanddone.importers.units import split_units

    lines = lines_from_text(
        "We changed the rota.\nPatients told us the day room was shut. We opened it.\n"
        "We told parents about the change. We sent a letter.\n"
    )
    units = split_units(lines)
    labels = _reported_speech(lines, units, ["DID"] * len(units))
    assert labels == ["DID", "SAID", "DID", "DID", "DID"]


def test_a_header_row_with_a_name_column_skips_the_name_cell() -> None:
    doc = read(
        "Ward feedback, March\n\n"
        "Service area You said We did\n"
        "Birch ward \u201cThe day room is always locked.\u201d We now keep the day room open "
        "from 9am to 9pm.\n"
        "Cedar ward \u201cNobody told me when I was going home.\u201d Every patient is now "
        "given a leaflet with their planned discharge date.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 2
    assert pairs[0][0].startswith("The day room") and "9am to 9pm" in pairs[0][1]
    assert "going home" in pairs[1][0] and "discharge date" in pairs[1][1]
    assert "Birch ward" not in pairs[0][0]
    assert doc.entries[0].heading == "Birch ward"


def test_an_answer_cell_on_its_own_line_stays_whole() -> None:
    doc = read(
        "You said\nWe did\n"
        "The toilets near the sports hall are often dirty.\n"
        "We have added a mid-morning clean. The caretaker now checks them at lunchtime.\n"
        "The car park is too dark in winter.\n"
        "New lights were fitted in November. They come on at dusk.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 2
    assert pairs[0][1].startswith("We have added a mid-morning clean")
    assert "caretaker" in pairs[0][1]


def test_listed_questions_each_answered_below_pair_up() -> None:
    doc = read(
        "Student forum, spring term\n\n"
        "\u2022 Can the library stay open later during exams? Other campuses do this.\n"
        "Yes \u2013 from May the library will open until midnight during the exam weeks.\n"
        "\u2022 Could there be more microwaves in the student kitchen?\n"
        "Two more microwaves were put in the kitchen in March.\n"
        "\u2022 Can we have lockers for commuting students?\n"
        "We are pricing lockers now and will report back at the next forum.\n"
    )
    pairs = said_and_did(doc)
    assert len(pairs) == 3
    assert "Other campuses" in pairs[0][0]  # the whole item was said, not only its question
    assert "midnight" in pairs[0][1]
    assert "lockers" in pairs[2][0] and "pricing lockers" in pairs[2][1]


def test_a_list_of_actions_each_explained_below_is_not_made_feedback() -> None:
    from saidanddone.importers.labeller import _listed_comments_with_replies
    from saidanddone.importers.units import split_units

    lines = lines_from_text(
        "\u2022 New benches in the garden\nThey were fitted in May.\n"
        "\u2022 Longer opening hours\nThe centre now opens at 8am.\n"
        "\u2022 A new website\nIt went live in June.\n"
    )
    units = split_units(lines)
    labels = ["DID"] * len(units)
    assert _listed_comments_with_replies(lines, units, labels) == labels


def test_a_post_and_its_dated_reply_span_the_period() -> None:
    doc = read(
        "Study space in the library\n\n"
        "Tuesday 3rd May 2022\n"
        "Students told us that the group study rooms are always booked. Please add more.\n\n"
        "Reply from the library\n"
        "Friday 17th June 2022\n"
        "We have turned two seminar rooms into bookable group study rooms for the summer.\n"
    )
    assert doc.period == "May to June 2022"


def test_a_later_date_in_another_year_does_not_stretch_the_period() -> None:
    doc = read(
        "Study space in the library\n\n"
        "Tuesday 3rd May 2022\n"
        "Students told us that the group study rooms are always booked. Please add more.\n\n"
        "Reply from the library\n"
        "Friday 17th June 2023\n"
        "We have turned two seminar rooms into bookable group study rooms for the summer.\n"
    )
    assert doc.period == "May 2022"


def test_a_clause_reporting_the_feedback_an_action_answers_is_what_was_said() -> None:
    from saidanddone.importers.labeller import _reported_speech
    from saidanddone.importers.units import split_units

    lines = lines_from_text(
        "In June, following your feedback that the stairwells were dirty, we doubled the "
        "cleaning.\n"
        "In June, following a review, we doubled the cleaning.\n"
    )
    units = split_units(lines)
    labels = _reported_speech(lines, units, ["O", "DID", "O", "DID"])
    assert labels == ["SAID", "DID", "O", "DID"]


def test_a_name_in_plain_single_quotes_is_not_cut_at_its_comma() -> None:
    units = split_line(0, "Here are the latest 'You said, we did' boards from our wards")
    assert len(units) == 1


def test_a_sentence_about_the_format_is_no_field() -> None:
    page = (
        "Reporting back after a consultation\n\n"
        "Why report back?\n"
        "People who answer a survey want to know their time was valued.\n\n"
        "More useful updates\n"
        "We asked, you said, we did suits a one-page summary, though a longer report can "
        "explain more.\n"
        "A report can explain each decision in more detail.\n"
    )
    with pytest.raises(DocumentError):
        read(page)


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("We asked, you said, we did suits a one-page summary.", True),
        ("\u2018You said, we did\u2019 boards are in every ward.", True),
        ("You said, we did: Parents wanted more notice of trips.", False),
        ("You said the car park was dark.", False),
    ],
)
def test_a_sentence_about_the_format_is_told_from_a_label(text: str, about: bool) -> None:
    from saidanddone.importers.labeller import _ABOUT_THE_FORMAT

    assert bool(_ABOUT_THE_FORMAT.match(text)) is about


def _assembled(text: str, labels: list[str]):  # type: ignore[no-untyped-def]
    from saidanddone.importers.labeller import Tagged, assemble
    from saidanddone.importers.units import split_units

    lines = lines_from_text(text)
    units = split_units(lines)
    tagged = Tagged(units, labels, [0.9] * len(units), [(0.5, 0.5, 0.0)] * len(units))
    return assemble(lines, tagged).entries


def test_one_heading_that_reads_as_a_request_is_not_a_page_of_requests() -> None:
    one = _assembled(
        "More detailed reports\nWe publish a full report after every consultation.\n",
        ["HEAD", "DID"],
    )
    assert not any(e.said and e.did for e in one)
    two = _assembled(
        "More notice of school trips\nWe now send trip letters three weeks ahead.\n"
        "Clearer homework instructions\nWe have added a weekly homework sheet.\n",
        ["HEAD", "DID", "HEAD", "DID"],
    )
    assert [e.said for e in two] == [
        ["More notice of school trips"], ["Clearer homework instructions"]
    ]


def test_topics_each_followed_by_a_dash_and_what_was_done_pair_up() -> None:
    doc = read(
        "Neighbourhood news, summer edition\n\n"
        "Over the last three months the team has worked on the priorities you chose. "
        "Parking near the primary school \u2013 Officers have visited at drop-off times and "
        "handed out twelve warning notices. Litter on the canal path \u2013 Volunteers and "
        "officers held two clean-up days and new bins have been fitted. Speeding on the "
        "bypass \u2013 Speed checks have been carried out every week since May.\n"
    )
    pairs = said_and_did(doc)
    assert [p[0] for p in pairs] == [
        "Parking near the primary school", "Litter on the canal path", "Speeding on the bypass"
    ]
    assert "warning notices" in pairs[0][1]


@pytest.mark.parametrize(
    "line", ["September - October 2022", "Spring term - Summer term 2024", "Noise - staff walk"]
)
def test_a_period_range_or_one_word_is_not_a_topic_before_a_dash(line: str) -> None:
    assert len(split_line(0, line)) == 1


def test_the_topic_reader_needs_two_topics_with_actions_after_them() -> None:
    from saidanddone.importers.labeller import _topics_with_answers
    from saidanddone.importers.units import split_units

    text = (
        "Parking near the school \u2013 Officers visited twice. "
        "Litter on the path \u2013 New bins were fitted.\n"
    )
    lines = lines_from_text(text)
    units = split_units(lines)
    assert units[0].text == "Parking near the school"
    labels = ["O", "DID", "O", "DID"]
    assert _topics_with_answers(lines, units, labels) == ["SAID", "DID", "SAID", "DID"]
    one = ["O", "DID", "O", "O"]  # only one topic followed by an action: left alone
    assert _topics_with_answers(lines, units, one) == one


def test_what_people_told_us_then_what_we_did_is_a_pair() -> None:
    from saidanddone.importers.labeller import _told_us_then_acted
    from saidanddone.importers.units import split_units

    lines = lines_from_text(
        "Last year the youth panel told us that our letters were too long.\n"
        "We took this seriously and have done the following:\n"
        "\u2022 We rewrote every standard letter in plain English.\n"
        "\u2022 We added a one-page summary to each plan.\n"
    )
    units = split_units(lines)
    labels = ["O", "O", "O", "O"]
    acted = [(0.1, 0.2, 0.7), (0.0, 0.9, 0.1), (0.0, 0.9, 0.1), (0.0, 0.9, 0.1)]
    assert _told_us_then_acted(lines, units, labels, acted) == ["SAID", "DID", "DID", "DID"]
    # nothing reads as an action after it: the report of what people said is left alone
    idle = [(0.1, 0.2, 0.7)] * 4
    assert _told_us_then_acted(lines, units, labels, idle) == labels


def test_a_listed_point_without_an_answer_is_kept_beside_answered_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from saidanddone.importers import recognise
    from saidanddone.importers.labeller import Tagged
    from saidanddone.importers.units import split_units

    page = (
        "\u2022 The signs are confusing\nWe have replaced them with larger ones.\n"
        "\u2022 There is nowhere to sit\nWe have put benches in the garden.\n"
        "\u2022 The caf\u00e9 queue is too long at lunchtime\n"
    )
    labels = ["SAID", "DID", "SAID", "DID", "SAID"]

    def tagged(lines):  # type: ignore[no-untyped-def]
        units = split_units(lines)
        return Tagged(units, labels, [0.9] * 5, [(0.5, 0.5, 0.0)] * 5)

    monkeypatch.setattr(recognise, "label_page", tagged)
    found = recognise._flow(lines_from_text(page))
    last = found.entries[-1]
    assert last.you_said == ("The caf\u00e9 queue is too long at lunchtime",)
    assert not last.we_did


@pytest.mark.parametrize(
    ("opening", "month"),
    [
        (["Welcome to the March edition of our tenants' newsletter."], "March"),
        (["In November, after parents told us the hall was cold, we fixed the heating."],
         "November"),
        (["We met in May to talk about transport."], None),  # a month in passing, no period
        (["May we thank everyone who took part."], None),
    ],
)
def test_a_page_opening_with_a_month_alone_takes_it_as_its_period(
    opening: list[str], month: str | None
) -> None:
    from saidanddone.importers.labeller import _month_alone

    assert _month_alone(opening) == month


def test_the_first_entry_placing_itself_in_time_gives_the_period() -> None:
    doc = read(
        "Listening to families\n\n"
        "You said: In 2019, families told us that our letters were hard to follow.\n"
        "We did: We rewrote every standard letter with a parent panel.\n"
    )
    assert doc.period is not None and "2019" in doc.period
