"""Chrome removal from plain text: pages from other sites, each with its own furniture."""

from __future__ import annotations

import pytest

from bot.pipeline.clean import (
    byline_names,
    classify,
    clean_text,
    is_dateline,
    looks_like_sentence,
    split_units,
)

BROADCASTER_PAGE = """Skip to content

Home | News | Sport | Weather

Ministers approve coastal flood barrier

Share this with Email Facebook Twitter

By Jane Oduya
Environment correspondent

Published 14 March 2019, 09:12 GMT

Image caption The barrier would protect about 12,000 homes on the estuary

The government has approved a £1.2bn flood barrier for the Wexmouth estuary, ending a planning dispute that lasted almost six years.

Engineers say the structure will close automatically when tides rise more than two metres above normal, which happened eleven times last winter.

Local objections

Fishing crews had argued that the gates would trap silt and ruin the oyster beds upstream.

They lost.

"We were listened to, but not heard," said Tom Harker, who chairs the fishermen's association.

Related Topics

Flooding

Climate change

More on this story

Wexmouth votes on barrier plan
7 November 2018

Share this with Email Facebook Twitter
"""


def test_broadcaster_page_keeps_only_the_story():
    cleaned = clean_text(BROADCASTER_PAGE)
    assert cleaned.title == "Ministers approve coastal flood barrier"
    assert cleaned.paragraphs == (
        "The government has approved a £1.2bn flood barrier for the Wexmouth estuary, ending a "
        "planning dispute that lasted almost six years.",
        "Engineers say the structure will close automatically when tides rise more than two "
        "metres above normal, which happened eleven times last winter.",
        "Local objections",  # a subhead inside the article stays in the body
        "Fishing crews had argued that the gates would trap silt and ruin the oyster beds upstream.",
        "They lost.",
        '"We were listened to, but not heard," said Tom Harker, who chairs the fishermen\'s '
        "association.",
    )
    assert "By Jane Oduya" in cleaned.meta_lines
    assert "Environment correspondent" in cleaned.meta_lines
    assert "Published 14 March 2019, 09:12 GMT" in cleaned.meta_lines
    assert cleaned.subheadings == ("Local objections",)
    assert not any("Image caption" in m or "Share" in m for m in cleaned.meta_lines)


BLOG_POST = """Why our allotment switched to no-dig beds

Posted by Marguerite Oyelaran | 5 comments | Tags: gardening, soil, compost

Tuesday 12 May 2020

Three years ago our allotment society voted to stop digging the beds over every autumn.
The idea came from a member who had read about soil fungi, and most of us expected the
experiment to fail within a season.

It did not fail. Yields of potatoes and beans rose in the second year, and the weeding took
half the time it used to take.

• gardening
• compost
• allotments

Leave a comment

Your email address will not be published. Required fields are marked *

© 2020 The Muddy Boots Blog. Powered by WordPress.
"""


def test_blog_byline_with_tags_and_comment_form():
    cleaned = clean_text(BLOG_POST)
    assert cleaned.title == "Why our allotment switched to no-dig beds"
    assert len(cleaned.paragraphs) == 2
    assert cleaned.paragraphs[0].startswith("Three years ago our allotment society voted")
    assert "most of us expected the experiment to fail within a season." in cleaned.paragraphs[0]
    assert cleaned.paragraphs[1].startswith("It did not fail.")
    assert "Posted by Marguerite Oyelaran" in cleaned.meta_lines
    assert "Tuesday 12 May 2020" in cleaned.meta_lines
    joined = " ".join(cleaned.paragraphs + cleaned.meta_lines)
    for chrome in ("comments", "Tags", "gardening", "Leave a comment", "WordPress", "email"):
        assert chrome not in joined


PAYWALL_PAGE = """IconShareIcon FacebookIcon WhatsappIcon Copy link

Port strike spreads to second terminal

[placeholder image]
Dockers picket the gates on Monday.   Photo: AFP/Getty

ROTTERDAM -- A strike by crane operators spread to a second container terminal on Tuesday, halting about a third of the port's traffic.

Union leaders said talks with the terminal operators had collapsed over night-shift pay.

Subscribe to keep reading

You have {{ remaining }} free stories left this week

Try 3 months for €1

Your trial has ended. ${cta_label}

Already a subscriber? Sign in
"""


def test_paywall_placeholders_icons_and_captions_are_chrome():
    cleaned = clean_text(PAYWALL_PAGE)
    assert cleaned.title == "Port strike spreads to second terminal"
    assert cleaned.paragraphs == (
        "ROTTERDAM -- A strike by crane operators spread to a second container terminal on "
        "Tuesday, halting about a third of the port's traffic.",
        "Union leaders said talks with the terminal operators had collapsed over night-shift pay.",
    )
    assert cleaned.meta_lines == ("ROTTERDAM",)  # the dateline, also kept in the lede
    everything = " ".join(cleaned.paragraphs + cleaned.meta_lines + cleaned.subheadings)
    for marker in ("{{", "${", "placeholder", "Photo", "Subscribe", "€", "Icon"):
        assert marker not in everything


def test_trailing_timestamp_is_cut_into_meta_lines():
    text = (
        "Rail fares to rise in January\n\n"
        "Fares on regional lines will rise by four percent, the operator said in a statement.\n\n"
        "Season tickets are exempt until the end of the spring timetable. 4:45 PM 03/11/2021\n\n"
        "Filed under: Transport\n"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs[-1] == "Season tickets are exempt until the end of the spring timetable."
    assert "4:45 PM 03/11/2021" in cleaned.meta_lines


def test_wire_header_with_dateline_publication_and_print_button():
    text = (
        "Copper hits two-year high\n\n"
        "2021-02-17 Metals Weekly | Reuters | 08:30 Print This Post\n\n"
        "Copper prices rose to their highest level in two years on Wednesday as stocks in "
        "warehouses fell.\n\nTraders expect demand from cable makers to stay strong.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.meta_lines == ("2021-02-17 Metals Weekly | Reuters | 08:30",)
    assert len(cleaned.paragraphs) == 2


def test_standfirst_with_writes_and_closing_bio_go_to_meta():
    text = (
        "The quiet success of river ferries\n\n"
        "Cities rediscovering their rivers should look at Lisbon, writes Tomás Reinhold\n\n"
        "River ferries carry more commuters in Lisbon than any tram line, and the city keeps "
        "adding routes.\n\n"
        "Other cities have taken note. Planners from three capitals visited last year.\n\n"
        "Tomás Reinhold is a transport economist and a visiting fellow at a policy institute "
        "in Porto.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == (
        "River ferries carry more commuters in Lisbon than any tram line, and the city keeps "
        "adding routes.",
        "Other cities have taken note. Planners from three capitals visited last year.",
    )
    assert cleaned.meta_lines[0].endswith("writes Tomás Reinhold")
    assert cleaned.meta_lines[-1].startswith("Tomás Reinhold is a transport economist")


def test_closing_sentence_about_a_person_in_the_story_is_not_a_bio():
    text = (
        "Mayor resigns\n\n"
        "Karin Voss announced her resignation on Friday after a vote of no confidence.\n\n"
        "The council will choose a successor next month.\n\n"
        "Karin Voss is a former teacher who was first elected in 2014.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs[-1] == "Karin Voss is a former teacher who was first elected in 2014."


def test_repeated_headline_is_the_title_and_kept_once():
    text = (
        "Salt Marsh Restoration Pays Off\n\nMost Read\n\nSalt Marsh Restoration Pays Off\n\n"
        "Birds returned to the restored marsh within two breeding seasons, volunteers reported.\n\n"
        "The project cost less than the sea wall it replaced.\n\n"
        "Salt Marsh Restoration Pays Off\n"
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Salt Marsh Restoration Pays Off"
    assert all("Salt Marsh" not in p for p in cleaned.paragraphs)
    assert len(cleaned.paragraphs) == 2


def test_chrome_in_the_middle_does_not_cut_the_body():
    text = (
        "Bakery wins national prize\n\n"
        "A family bakery in Ellsworth won the national bread prize on Saturday.\n\n"
        "The judges praised its rye loaf, which uses a starter kept alive since 1962.\n\n"
        "Advertisement\n\n"
        "The owners said they would not raise prices despite the new attention.\n\n"
        "Queues formed outside the shop before dawn on Sunday morning.\n"
    )
    cleaned = clean_text(text)
    assert len(cleaned.paragraphs) == 4
    assert "Advertisement" in cleaned.dropped


def test_hard_wrapped_prose_is_joined_and_single_lines_stay_apart():
    units = split_units(
        "The committee met for the third time this week and again failed to agree on\n"
        "the budget for next year, which now has to be approved by the end of the\n"
        "month.\n\nUpdated 2 June\nBy Priya Raman\n"
    )
    assert [u for u, _ in units] == [
        "The committee met for the third time this week and again failed to agree on the budget "
        "for next year, which now has to be approved by the end of the month.",
        "Updated 2 June",
        "By Priya Raman",
    ]


def test_bulleted_full_sentences_in_the_body_lose_their_bullets():
    text = (
        "What the new rules mean\n\n"
        "The regulator published its final rules for delivery drones on Thursday.\n\n"
        "• Drones must stay at least thirty metres away from any school or hospital.\n"
        "• Operators have to log every flight with the regulator within a day.\n\n"
        "Most operators said they could live with the rules.\n"
    )
    cleaned = clean_text(text)
    assert "Drones must stay at least thirty metres away from any school or hospital." in (
        cleaned.paragraphs
    )
    assert not any(p.startswith("•") for p in cleaned.paragraphs)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("But this is no ordinary time.", True),
        ("“They don’t,” she said.", True),
        ("It did not.", True),
        ("Playing into Putin’s Global Strategy?", False),
        ("Rapid growth in the northern provinces", False),
        ("Try 1 month for $0.99", False),
    ],
)
def test_looks_like_sentence(line, expected):
    assert looks_like_sentence(line) is expected


@pytest.mark.parametrize(
    "line",
    [
        "• 3 March 2017",
        "Updated: 5 March 2019, 10:42 GMT",
        "Mon 4 Jan 2021 07.00 GMT",
        "2019-03-05 08:00",
        "31.12.2018 | Coastal Post",
        "Last modified on Fri 4 Jun 2021 14.20 BST",
        "3 hours ago",
    ],
)
def test_datelines_in_other_formats(line):
    assert is_dateline(line)
    assert classify(line) == "meta"


@pytest.mark.parametrize(
    "line",
    [
        "Free access for everyone until March 3, say the organisers of the fair.",
        "The offer ends on October 31st",
        "In December 2012 the policy changed.",
    ],
)
def test_dates_inside_prose_are_not_datelines(line):
    assert not is_dateline(line)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Oduya", ("Jane Oduya",)),
        ("By Ana Ruiz and Tom Berg, staff writers", ("Ana Ruiz", "Tom Berg")),
        ("KENJI MORI, economics correspondent", ("Kenji Mori",)),
        ("Sofia Lund, senior fellow at the Baltic Institute", ("Sofia Lund",)),
        ("The case for slower trains, writes Pauline de Vries", ("Pauline de Vries",)),
        ("Posted by Marguerite Oyelaran | 5 comments", ("Marguerite Oyelaran",)),
        ("By warming up to the idea, the board changed course.", ()),
        ("Berlin, Germany", ()),
    ],
)
def test_byline_names(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Home > World > Asia",
        "Sponsored Content",
        "Comments are closed.",
        "Print This Post",
        "Category: Energy",
        "Credit: City Archive",
        "© Press Association",
        "Sign up for our morning briefing newsletter",
        "RECOMMENDED",
        "https://example.com/story/123",
    ],
)
def test_chrome_lines(line):
    assert classify(line) == "chrome"
