"""The cleaner on texts of several scripts, wire datelines, lists, subheads and repeats (issue 10).

Every page here is built by the test; the rules are general, so each check is run on more than
one language, layout or agency.
"""

from __future__ import annotations

import pytest

from bot.pipeline.clean import clean_text, dateline_lede, is_caseless, is_navigation

CASELESS_PAGES = {
    "japanese": ("都内で新たに120人感染",
                 ["東京都は3日、新型ウイルスの感染者が新たに120人確認されたと発表した。",
                  "都の担当者は「夜間の外出を控えてほしい」と呼びかけた。",
                  "専門家は、今後2週間が分かれ目になると指摘している。"]),
    "korean": ("서울 버스요금 200원 인상",
               ["서울시는 다음 달부터 시내버스 요금을 200원 인상한다고 2일 밝혔다.",
                "시는 연료비와 인건비가 크게 올라 적자가 누적됐다고 설명했다.",
                "시민단체는 서민 부담이 커진다며 인상 폭을 줄여야 한다고 주장했다."]),
    "chinese": ("中国队夺得亚洲锦标赛金牌",
                ["中国队在昨晚结束的亚洲锦标赛中获得金牌，这是该队十年来首次夺冠。",
                 "主教练在赛后表示，年轻球员的出色发挥是胜利的关键。"]),
    "arabic": ("تراجع عجز الموازنة",
               ["أعلنت وزارة المالية يوم الأحد أن عجز الموازنة تراجع إلى أدنى مستوى له منذ خمس سنوات.",
                "وقال الوزير في مؤتمر صحفي إن الحكومة ستواصل خفض الإنفاق خلال العام المقبل."]),
    "hebrew": ("הכנסת אישרה את התקציב",
               ["הכנסת אישרה הלילה את תקציב המדינה לשנה הבאה ברוב של 62 חברי כנסת.",
                "שר האוצר אמר כי התקציב יאפשר הורדת מסים למעמד הביניים."]),
}


@pytest.mark.parametrize("language", sorted(CASELESS_PAGES))
def test_caseless_scripts_keep_their_whole_body(language):
    title, paragraphs = CASELESS_PAGES[language]
    cleaned = clean_text("\n\n".join([title, *paragraphs]))
    assert cleaned.paragraphs == tuple(paragraphs)
    assert cleaned.title == title
    assert is_caseless(paragraphs[0])


def test_cased_scripts_are_not_caseless():
    for text in ("Tokyo said.", "Москва заявила об этом.", "Η Αθήνα απάντησε."):
        assert not is_caseless(text)


@pytest.mark.parametrize("lede, dateline", [
    ("LONDON, March 3 (Reuters) - British Airways said on Tuesday it would buy its rival.",
     "LONDON, March 3 (Reuters) -"),
    ("SIOUX FALLS, S.D. – People across the state lined up to see the first snow of the season.",
     "SIOUX FALLS, S.D. –"),
    ("NAIROBI, Kenya (AP) _ Suspected bombs exploded outside the embassy on Friday, witnesses said.",
     "NAIROBI, Kenya (AP) _"),
    ("Berlin (dpa) - Die Bundesregierung will den Ausbau der Windkraft beschleunigen.",
     "Berlin (dpa) -"),
    ("PARIS (AFP) — Le gouvernement a présenté mercredi un projet de loi sur le plastique.",
     "PARIS (AFP) —"),
    ("TOKYO -- The yen rose against the dollar in early trading on Monday, dealers said.",
     "TOKYO --"),
])
def test_wire_datelines_stay_in_the_lede_and_become_meta(lede, dateline):
    text = f"Headline of the story here\n\n{lede}\n\nA second paragraph follows here, as usual."
    cleaned = clean_text(text)
    assert cleaned.paragraphs[0] == lede
    assert dateline_lede(lede) == dateline
    assert dateline.rstrip(" -–—_") in cleaned.meta_lines
    assert not any(dateline.split(",")[0].title() in m for m in cleaned.meta_lines
                   if m != dateline.rstrip(" -–—_"))  # the place is not read as an author


def test_a_name_and_a_dash_is_no_dateline():
    assert dateline_lede("Anna Berg - a reader from Oslo - wrote to us about the ferry.") is None
    assert dateline_lede("OSLO") is None


def test_subheads_and_lists_inside_the_article_stay():
    text = """Council approves budget with more police

The city council voted on Monday night to approve a new budget that adds six police officers.

What changes for residents

Property taxes will rise by 2 percent, the first increase in four years.

The council also approved these projects:

• A new roof for the Main Street library

• Lights for the Riverside soccer fields

BOYS SOCCER

The team will play its home games at Riverside again this fall.

Two council members voted against the budget, saying the tax increase was not needed."""
    cleaned = clean_text(text)
    assert cleaned.paragraphs == (
        "The city council voted on Monday night to approve a new budget that adds six police officers.",
        "What changes for residents",
        "Property taxes will rise by 2 percent, the first increase in four years.",
        "The council also approved these projects:",
        "A new roof for the Main Street library",
        "Lights for the Riverside soccer fields",
        "BOYS SOCCER",
        "The team will play its home games at Riverside again this fall.",
        "Two council members voted against the budget, saying the tax increase was not needed.",
    )
    assert "What changes for residents" in cleaned.subheadings


def test_a_short_lede_before_a_subhead_is_body_not_header():
    text = ("Storm closes ports\n\nBy Ana Ruiz\n\nThe ports closed at noon.\n\nWhat we know\n\n"
            "Winds reached 120 km/h on the coast, the weather service said.\n\n"
            "Ferries will not run until Thursday.")
    cleaned = clean_text(text)
    assert cleaned.paragraphs[0] == "The ports closed at noon."
    assert "The ports closed at noon." not in cleaned.meta_lines


@pytest.mark.parametrize("paragraphs", [
    ["The mayor opened the new bridge on Saturday.", "Hundreds of people walked across it.",
     "It cost 40 million crowns."],
    ["Le pont a été inauguré samedi par le maire.", "Des centaines de personnes l'ont traversé.",
     "Il a coûté 40 millions."],
])
def test_a_story_held_twice_is_kept_once(paragraphs):
    block = "\n\n".join(paragraphs)
    cleaned = clean_text(f"Bridge opens\n\n{block}\n\nShare Tweet Print\n\n{block}")
    assert cleaned.paragraphs == tuple(paragraphs)


def test_a_lone_repeated_promo_paragraph_is_still_chrome():
    promo = "Get our morning briefing in your inbox every day."
    text = (f"Bridge opens\n\n{promo}\n\nThe mayor opened the new bridge on Saturday.\n\n"
            f"Hundreds of people walked across it.\n\n{promo}\n\nIt cost 40 million crowns.")
    assert promo not in clean_text(text).paragraphs


def test_ad_in_a_headline_is_a_headline_and_an_advertisement_line_is_chrome():
    text = ("Ad sales boost Time Warner profit\n\nQuarterly profit rose 76 percent on strong "
            "advertising, the company said.\n\nAdvertisement\n\nRevenue rose to 10.9 billion "
            "dollars in the quarter.")
    cleaned = clean_text(text)
    assert cleaned.title == "Ad sales boost Time Warner profit"
    assert "Advertisement" not in cleaned.paragraphs
    assert len(cleaned.paragraphs) == 2


def test_wrapped_lines_of_one_paragraph_join():
    text = ("Rates held\n\nThe central bank kept its main rate at 4 percent on Thursday,\n"
            "citing slowing inflation and\nweak growth in the euro area.\n\n"
            "Markets had expected the decision.")
    assert clean_text(text).paragraphs[0] == (
        "The central bank kept its main rate at 4 percent on Thursday, citing slowing inflation "
        "and weak growth in the euro area.")


def test_a_navigation_line_is_never_the_title():
    text = ("World | Business | Markets | Tech | Opinion\n\nJapan car exports fall again\n\n"
            "Japan's car exports fell 12 percent in February from a year earlier.\n\n"
            "Exports to the United States fell 15 percent.")
    assert clean_text(text).title == "Japan car exports fall again"
    assert is_navigation("Inicio · España · Economía · Deportes")
    assert not is_navigation("Japan car exports fall again")
