"""clean: case tables of invented site chrome, dates, titles, languages, and one whole article."""
import json
import random
import re
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean, io, schema

FACTRU = Path(__file__).resolve().parents[2] / "shared" / "eval" / "factru-dev.jsonl"


# ---------------------------------------------------------------- line classification

CHROME = [
    # share, subscribe, comments
    ("ПОДЕЛИТЬСЯ", "marker"),
    ("Поделиться в Facebook", "marker"),
    ("Поделитесь с друзьями:", "marker"),
    ("Подпишитесь на наш Telegram-канал", "marker"),
    ("Подписывайтесь на страницу Kazpravda.kz в Instagram", "marker"),
    ("Следите за новостями в нашем Telegram-канале", "marker"),
    ("Скачайте приложение Astanatimes для iOS и Android", "marker"),
    ("Telegram арнамызға жазылыңыз!", "marker"),
    ("Оставить комментарий", "marker"),
    ("Комментарии (12)", "marker"),
    ("Войдите, чтобы оставить комментарий", "marker"),
    ("Нашли ошибку? Выделите текст и нажмите Ctrl+Enter", "marker"),
    ("Пікір қалдыру", "marker"),
    # cookie, copyright, advertising
    ("Мы используем файлы cookie, чтобы сайт работал лучше", "marker"),
    ("© 2024 ТОО «Медиахолдинг». Все права защищены", "marker"),
    ("При использовании материалов ссылка на сайт обязательна", "marker"),
    ("На правах рекламы", "marker"),
    ("Реклама", "marker"),
    # related links, widgets, counters
    ("Читайте также", "marker"),
    ("Читайте также: Аким Павлодара провел прием граждан", "marker"),
    ("Сондай-ақ оқыңыз", "marker"),
    ("Новости по теме", "marker"),
    ("Курс валют", "marker"),
    ("Погода", "marker"),
    ("Просмотров: 1 532", "marker"),
    ("USD 470.5 EUR 512.3 RUB 5.12", "numbers widget"),
    ("Доллар 470,5   Евро 512,3", "numbers widget"),
    ("  471.35   512   5.12 ", "numbers widget"),
    ("- 1523", "view counter"),
    ("👁 87", "view counter"),
    ("Сегодня, 14:05", "time line"),
    # credits and site names
    ("авторastana-news.kz", "credit line"),
    ("Автор: Айгерим Нурланова", "credit line"),
    ("Источник: пресс-служба акимата Туркестанской области", "credit line"),
    ("Фото: из открытых источников", "credit line"),
    ("Фото автора", "credit line"),
    ("Сурет: ашық дереккөздерден", "credit line"),
    ("uralskweek.kz", "site name"),
    ("www.zakon.kz", "site name"),
    # menus, banners, symbols, Latin names
    ("Главная / Новости / Общество", "menu line"),
    ("Facebook Telegram WhatsApp", "menu line"),
    ("Редакция Контакты Вакансии", "menu line"),
    ("1 ДЕКАБРЯ - ДЕНЬ ПЕРВОГО ПРЕЗИДЕНТА", "caps banner"),
    ("ГОЛОСУЙ ЗА СВОЙ ГОРОД", "caps banner"),
    ("* * *", "symbols only"),
    ("|", "symbols only"),
    ("Б", "single letter"),
    ("Kazinform", "latin line"),
    ("Follow us", "latin line"),
]


@pytest.mark.parametrize("line,rule", CHROME)
def test_chrome_line(line, rule):
    assert (clean.classify(line) or "").startswith(rule)


CONTENT = [
    # prose that holds a marker word, a number or a credit label
    "Он решил поделиться опытом с коллегами из соседних районов.",
    "Автор проекта отметил, что работа продолжится и в следующем году.",
    "Источником финансирования стал местный бюджет области.",
    "Комментарии к закону подготовили специалисты министерства юстиции.",
    "Фото и видео с места событий передали в полицию.",
    "В 2023 году выявлено 145 нарушений на сумму 2,3 млрд тенге.",
    "По теме совещания выступил заместитель акима района.",
    # lines without a full stop that are content
    "Аким Атырау провел прием граждан по личным вопросам",
    "Итоги года: 2021 год 150 млн тенге",
    "Политика",
    "ЦОН",
    "В Астане прошел форум «Taza Qogam – болашаққа бағдар»",
    "Шымкент",
    # Kazakh prose
    "Облыс әкімі азаматтарды жеке мәселелер бойынша қабылдады.",
]


@pytest.mark.parametrize("line", CONTENT)
def test_content_line(line):
    assert clean.classify(line) is None


def test_latin_line_only_in_cyrillic_texts():
    assert clean.classify("Kazinform", cyrillic_doc=False) is None


# ---------------------------------------------------------------- glued and trailing sentences

TAILS = [
    # text | the part that stays ('' when every sentence is chrome, None when nothing goes)
    ("Об этом сообщил аким района Ержан Касымов.Подписывайтесь на наш канал в Telegram.",
     "Об этом сообщил аким района Ержан Касымов."),
    ("Работа будет продолжена. Мы ценим мнение каждого читателя, ознакомьтесь с правилами комментирования.",
     "Работа будет продолжена."),
    ("Форум завершился вручением наград.Источник: пресс-служба акимата",
     "Форум завершился вручением наград."),
    ("Сбор продлится до мая.Нашли ошибку? Выделите текст и нажмите Ctrl+Enter.",
     "Сбор продлится до мая."),
    ("Жиналыс аяқталды.Telegram арнамызға жазылыңыз!", "Жиналыс аяқталды."),
    # nothing to cut
    ("Встреча прошла в университете имени Т.К.Сарбасова.Студенты задали вопросы.", None),
    ("Лекцию прочитал профессор Е.Куанышев.", None),
    ("Жители могут подписаться на рассылку уведомлений. Это бесплатно.", None),
    ("Подписывайтесь на нас в соцсетях. Подпишитесь на рассылку.", ""),
    ("", None),
]


@pytest.mark.parametrize("text,kept", TAILS)
def test_chrome_tail(text, kept):
    found = clean.chrome_tail(text)
    got = None if found is None else text[:found[0]].rstrip()
    assert got == kept


# ---------------------------------------------------------------- dates

DATE_LINES = [
    ("date 2019-04-17", date(2019, 4, 17)),
    ("- 3 ноября, 2023", date(2023, 11, 3)),
    ("17 мая 2022 14:40", date(2022, 5, 17)),
    ("12.03.2023", date(2023, 3, 12)),
    ("2023-03-12", date(2023, 3, 12)),
    ("2023-03-12T08:15:00+05:00", date(2023, 3, 12)),
    ("Опубликовано: 5 мая 2022 года, 09:00", date(2022, 5, 5)),
    ("Пятница, 01.07.2022 | 1523", date(2022, 7, 1)),
    ("10:25, 3 фев. 2020", date(2020, 2, 3)),
    ("Дата публикации: 28.02.2019", date(2019, 2, 28)),
    ("2023 жылғы 3 қараша", date(2023, 11, 3)),
    ("21 қазан 2022, 11:40", date(2022, 10, 21)),
    ("March 5, 2023", date(2023, 3, 5)),
    # dates an article mentions, or no date at all
    ("В Астане 12.03.2023 прошел форум молодежи", None),
    ("с 8 по 12 апреля", None),
    ("в 2015 году", None),
    ("6 ИЮЛЯ - ДЕНЬ СТОЛИЦЫ", None),
    ("31.02.2023", None),
    ("1 января 2011 года эстонцы перестали пользоваться кронами.", None),
    ("Приказ № 12.03.2023-1", None),
]


@pytest.mark.parametrize("line,expected", DATE_LINES)
def test_date_line(line, expected):
    assert clean.date_line(line) == expected


DATE_PREFIXES = [
    (" date 2019-04-17 Районный семинар был организован", date(2019, 4, 17), "Районный семинар был организован"),
    ("Опубликовано 12.03.2023 14:20 Аким области провел прием", date(2023, 3, 12), "Аким области провел прием"),
    ("1 января 2011 года эстонцы перестали пользоваться кронами.", None, None),
    ("12 июня празднуется Всемирный день вязания.", None, None),
]


@pytest.mark.parametrize("text,expected,rest", DATE_PREFIXES)
def test_date_prefix(text, expected, rest):
    found = clean.date_prefix(text)
    assert (found[0] if found else None) == expected
    if found:
        assert text[found[1]:].strip() == rest


@pytest.mark.parametrize("value,expected", [
    ("2022-05-17", date(2022, 5, 17)),
    ("2022-05-17T14:40:00", date(2022, 5, 17)),
    ("17 мая 2022", date(2022, 5, 17)),
    ("", None),
    (None, None),
    (float("nan"), None),
])
def test_parse_published(value, expected):
    assert clean.parse_published(value) == expected


def test_explicit_published_wins():
    c = clean.clean_text("17 мая 2022 14:40\n\nАким области провел прием граждан в городе Таразе.",
                         published="2022-05-18")
    assert c.published == date(2022, 5, 18)


def test_body_date_is_not_published():
    c = clean.clean_text("Форум прошел в Актау\n\nС 8 по 12 апреля 2023 года в Актау прошел форум молодежи.")
    assert c.published is None


# ---------------------------------------------------------------- title and repeated lead

TITLE = "Аким Костанайской области встретился с предпринимателями"
LEAD = "Встреча прошла в областном акимате, на ней обсудили меры поддержки малого бизнеса."
BODY = "Предприниматели рассказали о проблемах с подключением к сетям и получением кредитов."


@pytest.mark.parametrize("raw,title,text", [
    # title at the top, lead printed twice
    (f"{TITLE}\n\n{LEAD}\n\n{LEAD}\n\n{BODY}", TITLE, f"{LEAD}\n\n{BODY}"),
    # title printed twice around a share button
    (f"{TITLE}\nПОДЕЛИТЬСЯ\n{TITLE}\n{LEAD}\n{BODY}", TITLE, f"{LEAD}\n{BODY}"),
    # no headline at the top: the first line is prose
    (f"{LEAD}\n{BODY}", None, f"{LEAD}\n{BODY}"),
    # chrome above the title does not become the title
    (f"Подписывайтесь на наш канал в WhatsApp\n12.03.2023\n{TITLE}\n{LEAD}", TITLE, LEAD),
    # a headline alone, with no prose after it, stays as text
    (TITLE, None, TITLE),
    # list lines may repeat: only paragraphs of prose are deduplicated
    (f"{TITLE}\n{LEAD}\n• Итог 1:0\n• Итог 1:0", TITLE, f"{LEAD}\n• Итог 1:0\n• Итог 1:0"),
])
def test_title_and_lead(raw, title, text):
    c = clean.clean_text(raw)
    # the headline stays in the text once, as its first paragraph
    assert (c.title, c.text) == (title, text if title is None else f"{title}\n\n{text}")


def test_raw_title_is_removed_from_body():
    c = clean.clean_text(f"{TITLE}\n\n{LEAD}", title=TITLE)
    assert (c.title, c.text) == (TITLE, f"{TITLE}\n\n{LEAD}")


# ---------------------------------------------------------------- source

@pytest.mark.parametrize("raw,url,source", [
    ("Прием граждан прошел в акимате района.\nИсточник: Kazinform", None, "Kazinform"),
    ("авторaqtobe-zhanalyk.kz\nПрием граждан прошел в акимате района.", None, "aqtobe-zhanalyk.kz"),
    ("Подписывайтесь на Orda.kz в Telegram\nПрием граждан прошел в акимате района.", None, "Orda.kz"),
    ("Прием граждан прошел в акимате района.\nПодписывайтесь на t.me/news", "https://www.inform.kz/ru/1", "inform.kz"),
    ("Прием граждан прошел в акимате района.\nKaztag\nПОДЕЛИТЬСЯ", None, "Kaztag"),
    ("Прием граждан прошел в акимате района.", None, None),
])
def test_source(raw, url, source):
    assert clean.clean_text(raw, url=url).source == source


# ---------------------------------------------------------------- language

@pytest.mark.parametrize("text,lang", [
    ("Аким области провел прием граждан.", "ru"),
    ("В проекте «Жасыл өңір» участвуют жители всех районов области и города.", "ru"),
    ("Облыс әкімі азаматтарды жеке мәселелер бойынша қабылдады.", "kk"),
    ("Сыбайлас жемқорлыққа қарсы күрес жалғасуда.", "kk"),
    ("The akim of the region met entrepreneurs.", "en"),
    ("Oblys ákimi turǵyndardy qabyldady, jıynǵa barlyǵy qatysty.", "kk"),
    ("12345 !!!", None),
])
def test_language(text, lang):
    assert clean.language(text) == lang


# ---------------------------------------------------------------- normalisation

@pytest.mark.parametrize("raw,text", [
    ("Аким\u00a0области", "Аким области"),
    ("Первая строка\r\nВторая строка", "Первая строка\nВторая строка"),
    ("Первая\n\n\n\nВторая", "Первая\n\nВторая"),
    ("анти\u00adкоррупционный\u200b", "антикоррупционный"),
    ("Строка\x07 с звонком", "Строка с звонком"),
    ("\u00a0\n\nТекст\n\u00a0\n", "Текст"),
    ("Колонка\tзначение", "Колонка\tзначение"),
])
def test_normalise(raw, text):
    assert clean.normalise(raw) == text


def test_raw_offsets_survive_normalisation():
    raw = "Строка\u200b\r\nПОДЕЛИТЬСЯ\r\nТекст статьи о приеме граждан в акимате."
    c = clean.clean_text(raw)
    (start, stop, text, rule), = [r for r in c.removed if r[3] != "title"]
    assert (raw[start:stop], rule) == ("ПОДЕЛИТЬСЯ", "marker '=поделиться'")


# ---------------------------------------------------------------- context: blocks, widgets, recurrence

def test_related_links_block_goes_to_the_end():
    raw = ("Аким района встретился с ветеранами и обсудил с ними вопросы благоустройства.\n"
           "Читайте также\nВ Таразе открыли новую школу\nСтуденты победили на олимпиаде\n"
           "Курс валют\nUSD 470.5 EUR 512.3\nПогода\nАстана -12\nАлматы 3\nТараз 5")
    assert clean.clean_text(raw).text == "Аким района встретился с ветеранами и обсудил с ними вопросы благоустройства."


def test_related_links_in_the_middle_stop_at_prose():
    raw = ("Аким района встретился с ветеранами и обсудил с ними вопросы благоустройства.\n"
           "Читайте также:\nВ Таразе открыли новую школу\n"
           "Ветераны попросили отремонтировать дорогу к дому культуры и построить спортзал.")
    assert clean.clean_text(raw).text.splitlines() == [
        "Аким района встретился с ветеранами и обсудил с ними вопросы благоустройства.",
        "Ветераны попросили отремонтировать дорогу к дому культуры и построить спортзал."]


def test_short_line_between_chrome_goes():
    raw = ("Аким района встретился с ветеранами и обсудил с ними вопросы благоустройства.\n"
           "Главные новости\nЭкономика\nПОДЕЛИТЬСЯ\n"
           "Ветераны попросили отремонтировать дорогу к дому культуры и построить спортзал.")
    assert "Экономика" not in clean.clean_text(raw).text


def test_article_ending_short_without_chrome_keeps_it():
    raw = "Дорогие друзья, приглашаем всех на открытие нового парка в субботу утром.\n\nПусть победит сильнейший!\n\nАйдос Серикбаев, директор"
    assert clean.clean_text(raw).text.endswith("Айдос Серикбаев, директор")


def test_recurring_line_goes_when_the_corpus_is_large_enough():
    slogan = "Самые честные новости региона"
    texts = [f"Событие номер {i} произошло в городе и было широко освещено прессой.\n{slogan}" for i in range(6)]
    raw = io.frame([io.raw_record(f"d{i}", t) for i, t in enumerate(texts)], schema.RAW)
    context = clean.profile([raw])
    assert slogan not in clean.clean_text(texts[0], context=context).text
    small = clean.profile([raw.head(4)])  # four documents: too few to trust recurrence
    assert slogan in clean.clean_text(texts[0], context=small).text


# how many of a corpus's documents carry a line -> does the profile keep it
PROFILE_KEEPS = [(1, False), (2, False), (3, True), (7, True)]


@pytest.mark.parametrize("docs_with_line, kept", PROFILE_KEEPS)
def test_the_profile_keeps_only_lines_seen_often_enough_to_recur(docs_with_line, kept):
    line = "Читатели пишут нам"
    texts = [f"Заметка {i} о жизни города.\n{line}" if i < docs_with_line else f"Заметка {i} о погоде." for i in range(40)]
    context = clean.profile_of_texts(texts)
    assert (clean.line_hash(line) in context["line_docs"]) == kept
    assert context["n_docs"] == 40


def test_reprinted_press_release_keeps_its_sentences():
    sentence = "Аким области поручил завершить ремонт школ до начала учебного года."
    texts = [f"Новость {i}: совещание прошло в акимате.\n{sentence}" for i in range(3)] + [
        f"Другая новость {i} о спорте и культуре региона." for i in range(30)]
    raw = io.frame([io.raw_record(f"d{i}", t) for i, t in enumerate(texts)], schema.RAW)
    assert sentence in clean.clean_text(texts[0], context=clean.profile([raw])).text


# ---------------------------------------------------------------- the stage on one invented article

ARTICLE = """Подписывайтесь на канал Ulysmedia.kz в Telegram
Опубликовано: 3 апреля 2023, 16:40
\u00a0
В Павлодаре обсудили антикоррупционные стандарты

ПОДЕЛИТЬСЯ

Заседание проектного офиса прошло в акимате Павлодарской области под председательством акима города.

Заседание проектного офиса прошло в акимате Павлодарской области под председательством акима города.

Участники рассмотрели жалобы жителей на работу коммунальных служб и пообещали ответить в течение месяца.Мы ценим каждого читателя, ознакомьтесь с правилами комментирования.
Фото: пресс-служба акимата
Читайте также
Аким области встретился с фермерами
Курс валют
 470.5   512.3   5.12
Погода
Павлодар -15
Экибастуз -17
О нас Контакты Реклама
"""


def test_apply_on_an_invented_article():
    raw = io.frame([io.raw_record("a1", ARTICLE, encoding="cp1251")], schema.RAW)
    out = clean.apply({"raw": raw}, clean.profile([raw]))
    doc = out["documents"].iloc[0]
    assert doc["title"] == "В Павлодаре обсудили антикоррупционные стандарты"
    assert doc["published"] == date(2023, 4, 3)
    assert doc["source"] == "Ulysmedia.kz"
    assert (doc["language"], doc["encoding"]) == ("ru", "cp1251")
    assert doc["text"] == (
        "В Павлодаре обсудили антикоррупционные стандарты\n\n"
        "Заседание проектного офиса прошло в акимате Павлодарской области под председательством акима города.\n\n"
        "Участники рассмотрели жалобы жителей на работу коммунальных служб и пообещали ответить в течение месяца.")
    removed = out["boilerplate"]
    assert list(removed.columns) == schema.BOILERPLATE.schema.names
    for r in removed.itertuples():
        assert ARTICLE[r.start:r.stop] == r.text  # offsets index the raw text
    assert {"date line", "repeated lead", "related links", "weather widget"} <= set(removed["rule"])
    assert any(rule.startswith("glued sentence") for rule in removed["rule"])


def test_apply_on_an_empty_batch():
    out = clean.apply({"raw": io.frame([], schema.RAW)}, {})
    assert len(out["documents"]) == 0 and len(out["boilerplate"]) == 0


# ---------------------------------------------------------------- clean news keeps its text

@pytest.mark.skipif(not FACTRU.exists(), reason="FactRuEval dev not available")
def test_factru_texts_keep_their_characters():
    rows = [json.loads(line) for line in FACTRU.read_text(encoding="utf-8").splitlines() if line.strip()]
    raw = io.frame([io.raw_record(r["doc_id"], r["text"]) for r in rows], schema.RAW)
    docs = clean.apply({"raw": raw}, clean.profile([raw]))["documents"]
    chars = lambda s: sum(not c.isspace() for c in s)  # noqa: E731
    kept = sum(chars(t if isinstance(t, str) else "") + chars(x) for t, x in zip(docs["title"], docs["text"]))
    assert kept >= 0.995 * sum(chars(r["text"]) for r in rows)
    assert docs["published"].isna().all()  # no FactRuEval text carries a publication date


# ---------------------------------------------------------------- more chrome and metadata edge cases

@pytest.mark.parametrize("line,rule", [
    ("Теги: коррупция, аким, Тараз", "marker"),
    ("Подпишись на наш Telegram", "marker"),
    ("Еще по теме", "marker"),
    ("Версия для слабовидящих   Қаз | Рус | Eng", "marker"),
    ("Сообщение «Аким принял граждан» появились сначала на Кызылорда-news.", "marker"),
])
def test_more_chrome_lines(line, rule):
    assert (clean.classify(line) or "").startswith(rule)


def test_rubric_above_the_title_goes():
    c = clean.clean_text(f"Общество\n{TITLE}\n{LEAD}")
    assert (c.title, c.text) == (TITLE, f"{TITLE}\n\n{LEAD}")


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, "  "])
def test_missing_raw_metadata(missing):
    c = clean.clean_text(f"{TITLE}\n{LEAD}", title=missing, published=missing, url=missing)
    assert (c.title, c.published, c.source) == (TITLE, None, None)


@pytest.mark.parametrize("line", [
    "Категория турнира — XIX.",
    "Теги и хештеги в соцсетях изучили социологи университета.",
])
def test_label_markers_want_a_colon(line):
    assert clean.classify(line) is None and clean.chrome_tail(line) is None


# ---------------------------------------------------------------- breadcrumbs, datelines, photo credits

def test_breadcrumb_above_the_title_goes():
    c = clean.clean_text(f"Казахстан\n{TITLE}\n{LEAD}")
    assert (c.title, c.text) == (TITLE, f"{TITLE}\n\n{LEAD}")


def test_short_headline_is_still_a_title():
    c = clean.clean_text(f"Робосекс\n\n{LEAD}")
    assert (c.title, c.text) == ("Робосекс", f"Робосекс\n\n{LEAD}")


@pytest.mark.parametrize("raw,text,source", [
    ("АСТАНА. 5 апреля. KAZINFORM – Агентство провело брифинг для журналистов.",
     "Агентство провело брифинг для журналистов.", "KAZINFORM"),
    ("АЛМАТЫ. КазТАГ – Суд вынес приговор бывшему акиму района.",
     "Суд вынес приговор бывшему акиму района.", "КазТАГ"),
    ("МОСКВА, 1 авг — РИА Новости. Представители партии объявили о победе.",
     "Представители партии объявили о победе.", "РИА Новости"),
    ("УСТЬ-КАМЕНОГОРСК. 12 марта. Kazakhstan Today – Прошел форум волонтеров области.",
     "Прошел форум волонтеров области.", "Kazakhstan Today"),
    # prose that opens with a city
    ("Астана, как и другие города, готовится к празднику.", "Астана, как и другие города, готовится к празднику.", None),
    ("АЛМАТЫ – крупнейший город страны, сообщили в акимате.", "АЛМАТЫ – крупнейший город страны, сообщили в акимате.", None),
])
def test_dateline(raw, text, source):
    c = clean.clean_text(raw)
    assert (c.text, c.source) == (text, source)


def test_photo_credit_does_not_name_the_source():
    c = clean.clean_text(f"{LEAD}\nФото: zakon.kz\nПодписывайтесь на Orda.kz в Telegram")
    assert c.source == "Orda.kz"


# ---------------------------------------------------------------- metadata lines: a date among rubric, time, author, counter

META_LINES = [
    # date | counter, credit, time, rubric (separators: bars, bullets, middle dots, dashes, wide gaps)
    ("14.03.2022 09:30 | Автор: Ольга Ким | Просмотров: 45", date(2022, 3, 14)),
    ("Дата публикации: 3 июня 2021, 12:00   Просмотры: 98", date(2021, 6, 3)),
    ("7 Октября 2020, 08:45 | Просмотров: 1 020", date(2020, 10, 7)),
    ("Экономика  |  11.01.2024  |  👁 77", date(2024, 1, 11)),
    ("Политика | 2 марта 2023", date(2023, 3, 2)),
    ("Общество · 5 мая 2022 · Автор: Иван Сидоров", date(2022, 5, 5)),
    ("Регионы • 01.09.2020 • 12:15", date(2020, 9, 1)),
    ("19.08.2021 — Прочитано: 310", date(2021, 8, 19)),
    ("Жарияланған күні: 20.05.2023 14:10   Қаралым саны: 41", date(2023, 5, 20)),
    ("Спорт | 19.08.2021, 18:20 | Қаралды: 310", date(2021, 8, 19)),
    ("Оқиғалар | 2024 жылғы 3 қаңтар", date(2024, 1, 3)),
    # a date among words that are not metadata
    ("• 12 марта 2023 — Заседание комиссии", None),
    ("Выступление хора  12 мая 2021 года", None),
    ("Аким района | 12.03.2023", None),
    ("В Астане | 12.03.2023 прошел форум", None),
    ("Срок подачи заявок: 12.03.2023 | Место: Астана", None),
    ("Новости | Выборы | Итоги", None),
    ("Форум прошел 12.03.2023 в Астане, собрав 300 участников | Фото: пресс-служба", None),
]


@pytest.mark.parametrize("line,expected", META_LINES)
def test_meta_line(line, expected):
    assert clean.meta_line(line) == expected


@pytest.mark.parametrize("line,expected", [
    # rubric and date alone: a list item in the body has the same shape
    ("Политика | 2 марта 2023", None),
    # a counter, time or label says metadata anywhere
    ("Экономика  |  11.01.2024  |  👁 77", date(2024, 1, 11)),
    ("Новости | Опубликовано: 2 марта 2023", date(2023, 3, 2)),
])
def test_meta_line_below_the_head(line, expected):
    assert clean.meta_line(line, head=False) == expected


@pytest.mark.parametrize("text,kind", [
    ("Опубликовано: 3 мая 2023", "published"),
    ("Дата публикации 3 мая 2023", "published"),
    ("Жарияланған күні: 05.03.2024", "published"),
    ("Обновлено: 5 мая 2023", "updated"),
    ("Последнее изменение: 4 мая 2023, 12:10", "updated"),
    ("Соңғы өзгеріс: 05.03.2024", "updated"),
    ("Пятница, 12.03.2023", None),
    ("Дата рождения героя войны", "published"),  # the label alone: only date lines are asked
])
def test_label_kind(text, kind):
    assert clean.label_kind(text) == kind


@pytest.mark.parametrize("line,expected", [
    ("Последнее изменение: 4 мая 2023, 12:10", date(2023, 5, 4)),
    ("Жарияланған күні: 05.03.2024 10:20", date(2024, 3, 5)),
    ("17 Мая 2022", date(2022, 5, 17)),
    ("Обновлено 12 ДЕКАБРЯ 2021", date(2021, 12, 12)),
])
def test_more_date_lines(line, expected):
    assert clean.date_line(line) == expected


@pytest.mark.parametrize("text,expected,rest", [
    ("Жарияланған күні 12.03.2023 Облыс әкімі азаматтарды қабылдады", date(2023, 3, 12), "Облыс әкімі азаматтарды қабылдады"),
    ("Дата публикации 12.03.2023 Аким провел прием", date(2023, 3, 12), "Аким провел прием"),
    ("Пятница 12.03.2023 Аким провел прием", None, None),
])
def test_labelled_date_prefix(text, expected, rest):
    found = clean.date_prefix(text)
    assert (found[0] if found else None) == expected
    if found:
        assert text[found[1]:].strip() == rest


@pytest.mark.parametrize("raw,published", [
    # published wins over updated, wherever each stands
    (f"Обновлено: 5 мая 2023, 10:00\n{TITLE}\n{LEAD}\nОпубликовано: 3 мая 2023", date(2023, 5, 3)),
    (f"{TITLE}\nОпубликовано 3 мая 2023 | Обновлено 5 мая 2023\n{LEAD}", date(2023, 5, 3)),
    # an updated date is better than none
    (f"{TITLE}\n{LEAD}\nПоследнее изменение: 4 мая 2023, 12:10", date(2023, 5, 4)),
    # metadata lines above the text
    (f"Новости | 17 мая 2022\n{TITLE}\n{LEAD}", date(2022, 5, 17)),
    (f"{TITLE}\n02.02.2021 16:05 | Автор: Нурлан Ахметов | Просмотров: 302\n{LEAD}", date(2021, 2, 2)),
    # dates the article only mentions
    (f"{TITLE}\n{LEAD}\n• 12.03.2023 — Заседание комиссии\n• 15.03.2023 — Прием граждан", None),
    (f"{TITLE}\n{LEAD}\nПолитика | 12 марта 2023", None),
    (f"{TITLE}\nВыступление хора  12 мая 2021 года\n{LEAD}", None),
])
def test_published_of_a_page(raw, published):
    assert clean.clean_text(raw).published == published


def test_metadata_line_leaves_the_text():
    c = clean.clean_text(f"{TITLE}\nЭкономика  |  11.01.2024  |  👁 77\n{LEAD}")
    assert (c.published, c.text) == (date(2024, 1, 11), f"{TITLE}\n\n{LEAD}")


# ---------------------------------------------------------------- breadcrumbs, counters, cookie notes, related-news sentences

@pytest.mark.parametrize("line,rule", [
    # breadcrumbs: a trail, or bars and bullets with a section name among the pieces
    ("Главная › Пресс-служба › Новости", "breadcrumbs"),
    ("Главная » Экономика » Налоги", "breadcrumbs"),
    ("Агентство Хабар | Регионы | Алматинская область", "breadcrumbs"),
    ("Басты бет / Баспасөз орталығы / Жаңалықтар", "breadcrumbs"),
    ("Обзор • Регионы", "breadcrumbs"),
    ("Жаңалықтар › Аудандар", "breadcrumbs"),
    # accessibility and counters
    ("Версия для слабовидящих", "marker"),
    ("Көру қабілеті нашар адамдарға арналған нұсқа", "marker"),
    ("Қаралым саны: 57", "marker"),
    ("Просмотров: 1 204", "marker"),
    ("👁 1 204", "view counter"),
    # cookie, copyright and feedback notes go whole, whatever their other sentences say
    ("Этот сайт использует файлы cookie. Оставаясь на сайте, вы соглашаетесь с этим. Хорошо", "marker"),
    ("Copyright © 2021. Все права защищены. Перепечатка только с разрешения редакции.", "marker"),
    ("Была ли эта информация полезной? Да Нет", "marker"),
    ("Бұл ақпарат сізге пайдалы болды ма? Иә Жоқ", "marker"),
    ("Рекомендуем к прочтению: интервью с главой ведомства", "marker"),
    # sentences that point to another article
    ("Ранее мы писали о проверке в отделе образования.", "marker"),
    ("Напомним, ранее мы сообщали о задержании двух полицейских.", "marker"),
    ("Об этом мы писали ранее.", "marker"),
    ("Мы уже рассказывали об открытии фронт-офиса в поликлинике.", "marker"),
    ("Бұған дейін облыстық кеңес отырысы туралы жазған едік.", "marker"),
])
def test_site_chrome_of_more_sites(line, rule):
    assert (clean.classify(line) or "").startswith(rule)


@pytest.mark.parametrize("line", [
    # "Напомним" and "мы сообщали" opening a fact
    "Напомним, проект реализуется в рамках областной программы «Адал облыс».",
    "Напомним, ранее аким района был задержан по подозрению во взятке.",
    "Как мы уже сообщали, аким района задержан сотрудниками Антикоррупционной службы.",
    "Ранее мы писали, что в области выявлено 40 нарушений.",
    "Ранее сообщалось о задержании двух полицейских в Таразе.",
    # a dash, a bar or a site word in a headline or in prose
    "Образование — приоритет",
    "Коррупция в школах | Итоги года",
    "На официальном интернет-ресурсе акимата опубликован отчет о работе.",
    "Рекомендуем жителям проверить свои счета",
    "Просмотров сериала стало меньше на 12 процентов, сообщили в компании.",
    "Жители жалуются на файлы cookie и рекламу, сообщили в министерстве, которое готовит новые правила для сайтов, а также для мобильных приложений и онлайн-магазинов, где такие файлы собирают без спроса, хотя закон требует согласия, и штрафы за нарушение выросли в прошлом году вдвое по сравнению с 2022 годом.",
])
def test_content_of_more_sites(line):
    assert clean.classify(line) is None and clean.chrome_tail(line) is None


def test_related_news_sentence_glued_onto_a_paragraph():
    text = "Аким поручил завершить проверку до конца месяца. Ранее мы писали о проверке в управлении строительства."
    assert text[:clean.chrome_tail(text)[0]].rstrip() == "Аким поручил завершить проверку до конца месяца."


# ---------------------------------------------------------------- the site's banner above the headline

@pytest.mark.parametrize("banner", [
    "Заря • Новости района",
    "Степь — новости района",
    "Официальный интернет-ресурс акимата Жамбылской области",
    "Облыс әкімдігінің ресми сайты",
    "Aqmola News — Ақмола өңірінің ақпарат порталы",
    "Дала / Степные вести — общественно-политическая газета района",
    "KZ • Актобе",
])
def test_site_banner_above_the_headline_goes(banner):
    c = clean.clean_text(f"{banner}\n{TITLE}\n{LEAD}")
    assert (c.title, c.text) == (TITLE, f"{TITLE}\n\n{LEAD}")
    c = clean.clean_text(f"{banner}\n{TITLE}\n{LEAD}", title=TITLE)
    assert c.text == f"{TITLE}\n\n{LEAD}"


@pytest.mark.parametrize("site, tagline", [
    ("Акимат Приозёрского района", "Официальный интернет-ресурс"),
    ("Маслихат города Степногорска", "Официальный сайт"),
    ("Аудан әкімдігі", "Ресми интернет-ресурсы"),
])
def test_site_name_above_its_tagline_goes(site, tagline):
    """A banner in two lines: the site's name, then a line that names itself the site."""
    c = clean.clean_text(f"{site}\n{tagline}\n{TITLE}\n{LEAD}")
    assert (c.title, c.text) == (TITLE, f"{TITLE}\n\n{LEAD}")


def test_a_headline_above_a_tagline_shaped_sentence_stays():
    """Only a line that names the site makes the line above it the site's name."""
    c = clean.clean_text(f"{TITLE}\nИтоги года в районе\n{LEAD}")
    assert c.title == TITLE


@pytest.mark.parametrize("raw,title", [
    # a headline with a dash, then the lead
    (f"Коррупция в школах — проблема региона\n{LEAD}\n{BODY}", "Коррупция в школах — проблема региона"),
    # a headline with a dash, then a subtitle: no menu word, no site word
    (f"Коррупция в школах — проблема региона\nЧто изменится для родителей\n{LEAD}", "Коррупция в школах — проблема региона"),
    # a headline with a bar, then the lead
    (f"Коррупция в школах | Итоги года\n{LEAD}", "Коррупция в школах | Итоги года"),
])
def test_headline_with_a_separator_stays(raw, title):
    assert clean.clean_text(raw).title == title


ARTICLE_WITH_METADATA = """Официальный интернет-ресурс акимата Жамбылской области
Главная › Пресс-служба › Новости
Версия для слабовидящих
Обновлено: 14 марта 2024, 09:00
Политика | 12.03.2024 | 👁 1 204

В Таразе обсудили итоги антикоррупционного мониторинга

Заседание мониторинговой группы прошло в акимате области под председательством заместителя акима.

Напомним, мониторинг проводится в рамках проекта «Адал аймақ».
Ранее мы писали о проверке в управлении строительства.
Этот сайт использует файлы cookie. Оставаясь на сайте, вы соглашаетесь с этим. Хорошо
"""


def test_apply_on_an_article_with_metadata_lines():
    c = clean.clean_text(ARTICLE_WITH_METADATA)
    assert (c.title, c.published) == ("В Таразе обсудили итоги антикоррупционного мониторинга", date(2024, 3, 12))
    assert c.text == (
        "В Таразе обсудили итоги антикоррупционного мониторинга\n\n"
        "Заседание мониторинговой группы прошло в акимате области под председательством заместителя акима.\n\n"
        "Напомним, мониторинг проводится в рамках проекта «Адал аймақ».")
    rules = {rule for *_, rule in c.removed}
    assert {"site banner", "breadcrumbs", "metadata line", "date line"} <= rules


@pytest.mark.parametrize("raw,published", [
    # both dates in one metadata line, in either order
    (f"{TITLE}\nОбновлено 5 мая 2023 | Опубликовано 3 мая 2023\n{LEAD}", date(2023, 5, 3)),
    (f"{TITLE}\nОпубликовано 3 мая 2023 · Изменено 5 мая 2023 · Просмотров: 12\n{LEAD}", date(2023, 5, 3)),
])
def test_published_beside_updated_in_one_line(raw, published):
    assert clean.clean_text(raw).published == published


def test_metadata_line_under_a_long_headline():
    long_title = "В Петропавловске в городской поликлинике открылся фронт-офис для пациентов"
    c = clean.clean_text(f"{long_title}\nНовости | 17 мая 2022\n{LEAD}")
    assert (c.title, c.published) == (long_title, date(2022, 5, 17))


# ---------------------------------------------------------------- menu rows, related-news lists, weather headers

MENU_ROWS = [
    # rubric words without bars: single spaces or wide gaps, Russian and Kazakh
    ("Главное Регионы Здоровье Образование Спорт", "menu line"),
    ("Новости   Общество   Культура   Афиша номера", "menu line"),
    ("Басты бет   Жаңалықтар   Саясат   Қоғам", "menu line"),
    ("Жаңалықтар Қоғам Білім Денсаулық Әлем", "menu line"),
    ("Мир  Бизнес  Технологии  Мнения  Город", "menu line"),
    # a row with a digit holds two menu items or more
    ("Районная газета  |  Подписка-2025  |  Реклама  |  Контакты", "breadcrumbs"),
]


@pytest.mark.parametrize("line,rule", MENU_ROWS)
def test_menu_row(line, rule):
    assert (clean.classify(line) or "").startswith(rule)


NOT_MENU_ROWS = [
    "Экономика региона растет третий год подряд",
    "Политика и экономика",
    "Аким Области Встретился С Жителями",
    "Общество, культура и спорт в цифрах",
    "Спорт: Итоги Года",
    "Итоги 2024 | Экономика района",
]


@pytest.mark.parametrize("line", NOT_MENU_ROWS)
def test_not_a_menu_row(line):
    assert clean.classify(line) is None


PROSE = "Аким района встретился с ветеранами и обсудил с ними вопросы благоустройства."

RELATED_TAILS = [
    # header-less list of other articles at the end of the page, with or without times
    (PROSE + "\nВ Таразе открыли новую школу на 600 мест\nСтуденты колледжа победили на республиканской олимпиаде",
     [PROSE]),
    (PROSE + "\n\n12:40 В Костанае отремонтируют три моста\n\n09:15 Жителям села провели газ к зиме\n© 2024 Газета",
     [PROSE]),
    (PROSE + "\nАуданда жаңа спорт кешені ашылды\nМектеп оқушылары олимпиадада жеңіске жетті",
     [PROSE]),
    # a known header, links long enough to look like prose
    (PROSE + "\nСоңғы жаңалықтар\nВ области за год по программе капитального ремонта обновили более двадцати школ и больниц\n"
     "Бывший аким сельского округа в Жамбылской области вышел на свободу по УДО", [PROSE]),
    (PROSE + "\nПохожие статьи:\n— В Таразе открыли новую школу\n— Ветераны получили ключи от квартир", [PROSE]),
    # one line is no list: a closing remark without a full stop stays
    (PROSE + "\nЗа работу взялись волонтеры из Шымкента", [PROSE, "За работу взялись волонтеры из Шымкента"]),
    # a paragraph ending in a colon introduces the article's own list
    ("На конкурс приняли три проекта:\nРеконструкция парка в центре города\nСтроительство спортивной площадки во дворе",
     ["На конкурс приняли три проекта:", "Реконструкция парка в центре города",
      "Строительство спортивной площадки во дворе"]),
]


@pytest.mark.parametrize("raw,lines", RELATED_TAILS)
def test_related_news_list_at_the_end(raw, lines):
    assert clean.clean_text(raw).text.splitlines() == lines


WEATHER_HEADERS = [
    ("21 июня 2024, пятница  |  Семей +28°", date(2024, 6, 21)),
    ("Пятница, 3 мая 2023 | Астана -5°C", date(2023, 5, 3)),
    ("02.11.2023 | Актобе +7 °С", date(2023, 11, 2)),
]


@pytest.mark.parametrize("line,expected", WEATHER_HEADERS)
def test_date_beside_the_weather(line, expected):
    assert clean.meta_line(line) == expected


def test_weather_header_goes_and_dates_the_page():
    raw = ("Городская газета\n5 марта 2024, вторник  |  Павлодар −3°\n\nВ Павлодаре открыли центр для волонтеров\n\n"
           "Новый центр будет работать ежедневно с девяти утра до шести вечера.")
    c = clean.clean_text(raw)
    assert c.published == date(2024, 3, 5) and "Павлодар −3°" not in c.text


def test_banner_above_a_menu_row_goes():
    raw = ("«Вестник района» — общественно-политическая газета\nГлавная   Политика   Экономика   Общество   Спорт\n\n"
           "В районе открыли новую школу\n\nШкола рассчитана на 600 учеников и откроется к первому сентября.")
    c = clean.clean_text(raw)
    assert c.title == "В районе открыли новую школу" and "газета" not in c.text and "Политика" not in c.text


# ---------------------------------------------------------------- fast paths give what the slow ones gave

def every_character():
    return (chr(i) for i in range(sys.maxunicode + 1))


def test_printable_characters_are_kept_as_they_are():
    """raw_line keeps a printable line whole (odd spaces, controls and tabs are not printable)."""
    assert [hex(ord(c)) for c in every_character() if c.isprintable() and clean.normalise_char(c) != c] == []


def test_lowercasing_keeps_letters_letters():
    """letters_key lowercases the whole text at once unless it holds 'İ' or 'Σ'."""
    letter = re.compile(r"[^\W\d_]")
    uneven = [c for c in every_character() if c.lower() != c
              and (len(c.lower()) != 1 or bool(letter.match(c)) != bool(letter.match(c.lower())))]
    assert all(clean.UNEVEN_CASE.match(c) for c in uneven + ["Σ"])


def test_str_split_splits_where_re_sees_space():
    """key() joins str.split() where it used re.sub(r'\\s+', ' ', ...)."""
    assert [hex(ord(c)) for c in every_character() if bool(re.match(r"\s", c)) != c.isspace()] == []


KEYS = [
    "Комментарии (0)", "icon-weather-sun", "İstanbul İSTANBUL", "ΟΔΟΣ ΟΔΟΣ'Α", "Ёлка  ЁЖ", "  ", "",
    "Читайте также: Аким", "123 — 45", "Ǆemal ǅ", "ﬁnal ﬀ",
]


def letters_key_word_by_word(text):
    return " ".join(w.lower().replace("ё", "е") for w in re.findall(r"[^\W\d_]+", text))


@pytest.mark.parametrize("text", KEYS)
def test_letters_key_as_word_by_word(text):
    assert clean.letters_key(text) == letters_key_word_by_word(text)
    assert clean.first_word(text) == clean.letters_key(text).split(" ", 1)[0]


@pytest.mark.parametrize("text", KEYS + ["  a\t b\u00a0 c. ", " «Заголовок» — "])
def test_key_as_with_a_regex(text):
    assert clean.key(text) == re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip(" .,;:!?-–—•*|«»\"'()[]")


def test_factored_alternation_finds_what_the_plain_one_finds():
    texts = sorted({"поделиться", "поделитесь с", "под", "подписка", "a", "ab", "abc", "b.c", "©", "c++"}, key=len, reverse=True)
    factored = clean.any_of(texts)
    plain = re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, texts)) + ")")
    rnd = random.Random(7)
    pieces = texts + ["x", " ", ".", "п", "1", "abd", "подел"]
    for _ in range(5000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        a, b = plain.search(s), factored.search(s)
        assert (a and (a.span(), a.group())) == (b and (b.span(), b.group())), s


def test_alternation_stops_at_the_empty_text():
    assert re.fullmatch(clean.alternation(["ab", "", "ac"]), "ac") is None  # as 'ab||ac' would


def test_menu_word_count_gate():
    for text in ["a " * n for n in range(14)] + ["a-b " * 6, "1 2 3", "—" * 5, "a1b2c3d4e5f6g7h8i9j0k1l"]:
        assert bool(clean.ELEVEN_WORDS.match(text)) == (len(re.findall(r"[^\W\d_]+", text)) >= 11), text


def find_date_ungated(text):
    found = []
    for _, p in clean.date_patterns():
        m = next((m for m in p.finditer(text) if clean.date_of(m)), None)
        if m:
            found.append((m.start(), m.end(), clean.date_of(m)))
    return (min(found)[2], min(found)[0], min(found)[1]) if found else None


@pytest.mark.parametrize("text", [
    "2024-03-05", "05.03.2024", "5/3/2024", "5 марта 2024", "2024 жылғы 5 наурыз", "2024 Ж. 5 наурыз",
    "March 5, 2024", "мая 5 2024", "1999-13-40 и 3 мая 2021", "в 2024 году", "12 345 тенге", "",
    "Опубликовано: 17 мая 2022 14:40 | 2023-01-02", "1.2.20245 и 3.4.2024",
])
def test_date_gates_change_no_date(text):
    assert clean.find_date(text) == find_date_ungated(text)


@pytest.mark.parametrize("text", ["", "1", "1 2", "12.5,3", "12.5, 3", "a1b", "1:20 и 2", "курс 471.35 512 5.12"])
def test_two_numbers(text):
    assert clean.two_numbers(text) == (len(clean.NUMBER.findall(text)) >= 2)


# ---------------------------------------------------------------- line texts (document keys)

LINE_TEXTS = [
    "Аким района\nпровёл встречу",
    "  отступ \r\n\r\nпустая строка выше\n",
    "неразрывный\xa0пробел\u2009и тонкий",
    "мягкий пере\u00adнос и \u200bнулевой пробел",
    "таб\tостаётся\x0bвертикальный\x0cперевод",
    "\x85\u2028\u2029",
    "",
]


@pytest.mark.parametrize("text", LINE_TEXTS)
def test_line_texts_are_the_texts_of_raw_lines(text):
    assert clean.line_texts(text) == [line.text for line in clean.raw_lines(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="аб \t\n\r\x0b\x0c\x85\u2028\u2029\xa0\u2009\u00ad\u200b\ufeff\x07\x1b", max_size=16))
def test_line_texts_equal_raw_lines_on_any_text(text):
    assert clean.line_texts(text) == [line.text for line in clean.raw_lines(text)]


# ---------------------------------------------------------------- split_lines: LINE_BREAK's split, faster

@pytest.mark.parametrize("text, lines", [
    ("", [""]),
    ("одна строка", ["одна строка"]),
    ("а\nб", ["а", "б"]),
    ("а\r\nб", ["а", "б"]),            # CRLF is one break
    ("а\rб\n", ["а", "б", ""]),
    ("\n\n", ["", "", ""]),
    ("а\u2028б\x0bв\x0cг\x85д\u2029е", ["а", "б", "в", "г", "д", "е"]),
    ("а\r\n\r\nб", ["а", "", "б"]),
    ("а\tб\x1cв", ["а\tб\x1cв"]),       # not breaks here (str.splitlines would cut at \x1c)
])
def test_split_lines(text, lines):
    assert clean.split_lines(text) == lines == clean.LINE_BREAK.split(text)


@given(st.text(alphabet=st.sampled_from("аб \n\r\x0b\x0c\x85\u2028\u2029\x1c"), max_size=30))
def test_split_lines_is_line_breaks_split(text):
    assert clean.split_lines(text) == clean.LINE_BREAK.split(text)


# ---------------------------------------------------------------- line hashes that name the lines

@pytest.mark.parametrize("text, name_lines", [
    ("", True),
    ("Аким провел совещание.\nПодписывайтесь на наш канал", True),
    ("Смотрите также:\xa0видео", True),                 # an odd space is a space to `key`
    ("Аким провел совещание.\r\nФото пресс-службы", True),  # CRLF: a line break
    ("а\u2028б\x85в", True),
    ("Реклама\u00ad на сайте", False),                  # a soft hyphen the clean stage drops
    ("Фото:\tпресс-служба", False),                     # a tab (kept, but not printable)
    ("а\u200bб", False),                                # zero-width space
    ("а\x1cб", False),                                  # a control character `key` reads as a space
])
def test_line_hashes_name_the_lines_when_nothing_is_dropped(text, name_lines):
    assert clean.hashes_name_lines(text) is name_lines


def short_line_hashes(text):
    """line_hash of each line as the clean stage reads it, where the profile counts lines."""
    return {clean.line_hash(line) for line in clean.line_texts(text)
            if line and len(line) <= clean.PROFILE_MAX_CHARS and clean.key(line)}


@given(st.text(alphabet=st.sampled_from("аБ1 .«\n\r\xa0\u2009\u00ad\t\x1c\u200b\x85"), max_size=40))
def test_line_hashes_that_name_the_lines_are_the_lines_hashes(text):
    if clean.hashes_name_lines(text):
        assert clean.doc_line_hashes(text) == short_line_hashes(text)
