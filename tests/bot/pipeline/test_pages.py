"""Saved web pages of several layouts and languages: body, stated date, title, source (issue 10).

Each page is built here; none is a seed. Dates span the 1980s to the 2020s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.pipeline.articles import UnreadableFile, load_article
from bot.pipeline.dating.pubdate import find_publication_date, page_date


def page(head: str = "", body: str = "", *, lang: str = "en", title: str = "") -> str:
    nav = "<nav><ul><li>World</li><li>Business</li><li>Markets</li><li>Tech</li></ul></nav>"
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"{head}</head><body><header>{nav}</header><main><article>{body}</article></main>"
            "<footer><p>© 2024 Example Media. All rights reserved.</p></footer></body></html>")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PARAGRAPHS = ("<p>The central bank raised its main interest rate by half a point on Thursday, "
              "the largest increase in more than twenty years.</p>"
              "<p>Officials said inflation had stayed above the target for too long and that "
              "further increases were likely before the end of the year.</p>")


@pytest.mark.parametrize("head, body, expected, how", [
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
     '{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "1987-03-03T09:00:00Z"}]}'
     "</script>", "", "1987-03-03", "JSON-LD datePublished"),
    ("", '<span itemprop="datePublished" content="1984-11-06">Nov. 6, 1984</span>',
     "1984-11-06", "microdata"),
    ('<meta property="article:published_time" content="1987-10-19T16:00:00-05:00">', "",
     "1987-10-19", "article:published_time"),
    ("", '<time datetime="2022-04-05T12:30:00+02:00">05.04.2022</time>', "2022-04-05",
     "<time datetime>"),
    ('<link rel="canonical" href="https://news.example.org/2016/12/09/rates-rise/">', "",
     "2016-12-09", "URL"),
])
def test_structured_dates_in_order_of_trust(tmp_path, head, body, expected, how):
    path = write(tmp_path, "rates.html", page(head, "<h1>Rates rise</h1>" + body + PARAGRAPHS))
    article = load_article(path)
    assert (article.date.value, article.date.kind) == (expected, "stated")
    assert how in article.date.evidence


def test_markup_wins_over_the_url_and_the_text():
    html = page('<meta property="article:published_time" content="2021-03-17T08:00:00+01:00">'
                '<link rel="canonical" href="https://x.example/2020/01/02/story/">',
                "<p>Publié le 3 mars 2019.</p>" + PARAGRAPHS)
    assert page_date(html)[0] == "2021-03-17"


def test_a_date_only_in_the_text_of_another_language(tmp_path):
    body = ("<h1>Bruselas aprueba ayudas por la sequía</h1><p class='fecha'>jueves 2 de abril de "
            "2020</p><p>La Comisión Europea aprobó este jueves un paquete de ayudas de 500 "
            "millones de euros para los agricultores afectados por la sequía.</p><p>Las "
            "organizaciones agrarias consideran la cifra insuficiente y piden más fondos.</p>")
    article = load_article(write(tmp_path, "sequia.html", page(body=body, lang="es")))
    assert article.date.value == "2020-04-02"


def test_a_copyright_year_is_no_publication_date():
    assert page_date(page(body=PARAGRAPHS)) is None


@pytest.mark.parametrize("lines, expected", [
    (["By Reuters staff | March 03, 1987"], "1987-03-03"),
    (["09-Dec-2016 Intellasia | FT | 6:00 AM Print This Post"], "2016-12-09"),
    (["Published 14 March 2019, 09:12 GMT"], "2019-03-14"),
    (["3. März 2021, 14:00 Uhr"], "2021-03-03"),
    (["2020年7月3日 18時00分"], "2020-07-03"),
    (["2023년 6월 2일 오전 10:00"], "2023-06-02"),
    (["mis à jour le 17 mars 2021 à 08h00"], "2021-03-17"),
])
def test_bylines_and_datelines_of_several_languages(lines, expected):
    assert find_publication_date(lines).value == expected


def test_a_text_save_with_a_wire_byline_and_a_menu_line(tmp_path):
    text = ("World | Business | Markets | Tech | Opinion\n\nJapan car exports fall for third month"
            "\n\nBy Reuters staff | March 03, 1987\n\nTOKYO, March 3 (Reuters) - Japan's car "
            "exports fell 12.4 pct in February from a year earlier, the association said.\n\n"
            "Exports to the United States fell 15 pct as the strong yen made cars dearer.")
    article = load_article(write(tmp_path, "0042_cars.txt", text))
    assert article.title == "Japan car exports fall for third month"
    assert article.date.value == "1987-03-03"
    assert article.body.startswith("TOKYO, March 3 (Reuters) - Japan's car exports")
    assert "TOKYO, March 3 (Reuters)" in article.meta_lines


@pytest.mark.parametrize("lang, title, paragraphs", [
    ("ja", "都内で新たに120人感染", ["東京都は3日、新型ウイルスの感染者が新たに120人確認されたと発表した。",
                                 "専門家は、今後2週間が分かれ目になると指摘している。"]),
    ("ar", "تراجع عجز الموازنة", ["أعلنت وزارة المالية يوم الأحد أن عجز الموازنة تراجع إلى أدنى مستوى.",
                                  "وقال الوزير إن الحكومة ستواصل خفض الإنفاق خلال العام المقبل."]),
    ("ko", "서울 버스요금 인상", ["서울시는 다음 달부터 시내버스 요금을 200원 인상한다고 2일 밝혔다.",
                              "시민단체는 서민 부담이 커진다며 인상 폭을 줄여야 한다고 주장했다."]),
])
def test_pages_in_caseless_scripts_are_read_whole(tmp_path, lang, title, paragraphs):
    site = {"ja": "毎朝新聞", "ar": "صحيفة الأفق", "ko": "한빛일보"}[lang]
    head = (f'<meta property="og:site_name" content="{site}">'
            '<meta property="article:published_time" content="2023-06-02T10:00:00+09:00">')
    body = f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    article = load_article(write(tmp_path, f"{lang}.html", page(head, body, lang=lang, title=title)))
    assert article.body.split("\n\n") == paragraphs
    assert article.title == title and article.source == site
    assert article.date.value == "2023-06-02"


def test_br_wrapped_lines_and_lists_and_subheads_survive(tmp_path):
    body = ("<h1>Ad sales boost Time Warner profit</h1>"
            "<p>Ad sales boost profits at Time Warner as the media giant<br>\nreported a 76 "
            "percent rise in quarterly earnings on Wednesday,<br>\nhelped by strong advertising."
            "</p><h2>Where the money came from</h2><p>The company listed three sources:</p>"
            "<ul><li>Cable networks</li><li>Film studios</li><li>Magazines</li></ul>"
            "<p>Advertisement</p><p>Chief executive Richard Parsons said advertising would stay "
            "strong for the rest of the year.</p>")
    article = load_article(write(tmp_path, "tw.html", page('<meta name="date" content="2005-02-02">',
                                                           body)))
    assert article.body.split("\n\n") == [
        "Ad sales boost profits at Time Warner as the media giant reported a 76 percent rise in "
        "quarterly earnings on Wednesday, helped by strong advertising.",
        "Where the money came from",
        "The company listed three sources:",
        "Cable networks", "Film studios", "Magazines",
        "Chief executive Richard Parsons said advertising would stay strong for the rest of the year.",
    ]
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.date.value == "2005-02-02"


def test_source_from_json_ld_publisher_and_title_without_the_site_name(tmp_path):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rates rise",
          "datePublished": "2024-03-12", "publisher": {"@type": "Organization",
                                                       "name": "Riverside Gazette"}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    path = write(tmp_path, "rates.html",
                 page(head, "<h1>Rates rise</h1>" + PARAGRAPHS, title="Rates rise | Riverside Gazette"))
    article = load_article(path)
    assert article.title == "Rates rise"
    assert article.source == "Riverside Gazette"


def test_a_page_is_refused_only_without_text(tmp_path):
    bare = "<html><body><ul><li>Results</li><li>Oslo 3 Bergen 1</li><li>Tromsø 2 Bodø 2</li>" \
           "</ul></body></html>"
    article = load_article(write(tmp_path, "results.html", bare))
    assert "Oslo 3 Bergen 1" in article.body
    with pytest.raises(UnreadableFile):
        load_article(write(tmp_path, "empty.html", "<html><body><script>x()</script></body></html>"))


def test_a_marked_time_wins_over_the_times_of_related_stories():
    related = ('<aside><ul><li><time datetime="2019-01-05">Jan 5</time> Older story</li>'
               '<li><time datetime="2018-07-30">Jul 30</time> Another</li></ul></aside>')
    marked = '<time class="published" datetime="2021-09-14T08:00:00Z">14 Sep 2021</time>'
    assert page_date(page(body=related + marked + PARAGRAPHS)) == (
        "2021-09-14", "page metadata (<time datetime>)")
    unmarked = page(body=related + PARAGRAPHS)
    assert (page_date(unmarked) or ("", ""))[1] != "page metadata (<time datetime>)"


def test_a_short_article_in_a_script_without_spaces_keeps_its_paragraphs(tmp_path):
    """A hundred characters of Chinese or Japanese are a whole article: shorter than what
    trafilatura trusts by default, they must not fall back to the page flattened into one
    paragraph with its headline and time."""
    paragraphs = ["市议会周二以十二票对三票批准了新的公交线路，这条线路将连接城东的住宅区与火车站，全长十四公里。",
                  "市长在会后表示，新线路将于下月开通，沿线设十八个站点，票价保持不变。",
                  "部分居民担心施工期间的交通拥堵，议员承诺夜间施工以减少影响。"]
    html = ('<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>新公交线路获批 - 晨报'
            '</title></head><body><header><nav><ul><li><a href="/a">新闻</a></li><li><a href="/b">'
            "体育</a></li></ul></nav></header><main><article><h1>新公交线路获批</h1>"
            "<time datetime='2021-04-06T09:00:00+08:00'>2021年4月6日 09:00</time><div>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</div></article></main><footer><p>© 晨报</p></footer></body></html>")
    article = load_article(write(tmp_path, "bus.html", html))
    assert article.body.split("\n\n") == paragraphs
    assert article.title == "新公交线路获批"
    assert article.date.value == "2021-04-06"
