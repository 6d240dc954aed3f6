"""events: event type, region, date and organiser of a news article; nested lists; the Parquet
an analyst opens (pandas, pyarrow, DuckDB)."""
import datetime as dt
import json

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import events, io, schema
from pipeline.events import build_events, event_date, event_region, event_type, organiser, stated_date

D = dt.date
ZKO = "Западно-Казахстанская область"
KZO = "Кызылординская область"
PAV = "Павлодарская область"

# ---------------------------------------------------------------- event type

TYPES = [
    # headline nouns in any case form
    ("Аким области провёл совещание с руководителями", "совещание"),
    ("Состоялось заседание антикоррупционного совета", "заседание"),
    ("Студенты приняли участие в форуме", "форум"),
    ("В Актобе прошли встречи с молодёжью", "встреча"),
    ("Для предпринимателей провели брифинг", "брифинг"),
    ("В районе открылась сельскохозяйственная ярмарка", "ярмарка"),
    ("Объявлен конкурс эссе среди школьников", "конкурс"),
    # phrases
    ("Депутаты выступили на общественных слушаниях", "общественные слушания"),
    ("Эксперты собрались за круглым столом", "круглый стол"),
    ("Аким провёл личный приём граждан", "прием граждан"),
    # hyphenated: the parts, unless the whole is known
    ("В школах стартовала акция-марафон", "акция"),
    ("Для госслужащих прошёл онлайн-семинар", "семинар"),
    ("Департамент провёл пресс-конференцию", "пресс-конференция"),
    # law enforcement: nouns and headline verbs
    ("Задержан заместитель акима района", "задержание"),
    ("Бывшему директору вынесли приговор", "приговор"),
    ("Экс-главу управления осудили за взятку", "приговор"),
    ("В офисе компании прошли обыски", "обыск"),
    ("Сотрудник акимата попался на взятке", "задержание"),
    ("В доме чиновника провели обыск", "обыск"),
    ("Бывшего судью арестовали на два месяца", "арест"),
    ("Антикоррупционная служба провела рейд на рынках", "рейд"),
    ("В управлении прошла внеплановая проверка", "проверка"),
    ("Аким района отчитался перед населением", "отчет"),
    ("Департамент презентовал новый онлайн-сервис", "презентация"),
    # openings yield to the event opened
    ("В больнице открылся фронт-офис", "открытие"),
    ("Открытие проектного офиса состоялось в Таразе", "открытие"),
    ("В Таразе открыли центр обслуживания", "открытие"),
    ("В музее открылась выставка плакатов", "выставка"),
    ("Форум открыл аким области", "форум"),
    ("Клиентам упростили открытие счета", None),
    ("Полиция открыла уголовное дело", "расследование"),
    # the earliest specific noun wins; a frame ('в рамках') and vague nouns yield
    ("В рамках марафона прошла встреча со студентами", "встреча"),
    ("Семинар прошёл после заседания", "семинар"),
    ("В мероприятии приняли участие студенты", "мероприятие"),
    # names in quotes are not the event
    ("Стартовал конкурс «Лучший форум года»", "конкурс"),
    ("Школьникам рассказали о проекте «Адал форум»", None),
    # shares are not campaigns
    ("Фонд продолжает скупать акции социальной сети", None),
    ("Провели акцию «Честный Казахстан»", "акция"),
    ("Без событий", None),
]


@pytest.mark.parametrize("title, expected", TYPES)
def test_event_type(title, expected):
    found = event_type(title, "")
    assert (found.type if found else None) == expected


LEAD_TYPES = [
    # no headline: the lead sentences, in order
    ("Подписывайтесь на наш канал\nСостоялось заседание комиссии. В ходе совещания обсудили план.", "заседание"),
    ("Сайт новостей\nВчера задержан аким села.", "задержание"),
    ("Главное за день\nВ мероприятии приняли участие студенты. Прошёл конкурс плакатов.", "конкурс"),
]


@pytest.mark.parametrize("text, expected", LEAD_TYPES)
def test_event_type_from_lead(text, expected):
    assert event_type(None, text).type == expected


# Kazakh headlines: event nouns in any form, detention and other legal verbs as headlines write them
KAZAKH_TYPES = [
    ("Аудан әкімі пара алу кезінде ұсталды", "задержание"),
    ("Полиция қызметкерлері бухгалтерді пара алу кезінде ұстады", "задержание"),
    ("Ауыл әкімі пара алып жатқанда қолға түсті", "задержание"),
    ("Бұрынғы бөлім басшысы 5 жылға сотталды", "приговор"),
    ("Кәсіпорын кеңсесінде тінту жүргізілді", "обыск"),
    ("Қалалық емханада фронт-офис ашылды", "открытие"),
    ("Облыс әкімдігінде жиналыс өтті", "собрание"),
    ("Студенттермен кездесу өтті", "встреча"),
]


@pytest.mark.parametrize("title, expected", KAZAKH_TYPES)
def test_kazakh_event_type(title, expected):
    found = event_type(title, "")
    assert (found.type if found else None) == expected


# an interview is the event, not what the speaker tells of; an investigation when nothing more specific is said
ARTICLE_TYPES = [
    ("Прокурор района: «Взятка не решает проблем»",
     "– Сколько задержано чиновников за год?\n– Задержаны 12 человек.\n– Расскажите о приговорах.\n– Осуждены пятеро.",
     "интервью"),
    ("Итоги полугодия", "Об этом аким рассказал в интервью нашему изданию. Прошло заседание штаба.", "интервью"),
    ("Интервью с председателем комиссии", "Состоялось заседание комиссии.", "интервью"),
    # one question in a quote, a menu word 'Интервью' in the chrome: no interview
    ("Задержан аким села", "Новости  Интервью  Спорт\n– Зачем брать? – спросил судья.", "задержание"),
    ("Бухгалтер присвоила бюджетные деньги", "Возбуждено уголовное дело по статье о растрате.", "расследование"),
    ("Бухгалтер присвоила бюджетные деньги", "Ведется досудебное расследование. Подозреваемая задержана.", "задержание"),
    ("Задержан директор школы", "Начато досудебное расследование.", "задержание"),
    ("Журналистское расследование показало схемы", "", None),
]


@pytest.mark.parametrize("title, text, expected", ARTICLE_TYPES)
def test_article_type(title, text, expected):
    found = event_type(title, text)
    assert (found.type if found else None) == expected


def test_vague_headline_noun_yields_to_lead():
    assert event_type("Итоги мероприятия", "Прошёл областной форум волонтёров.").type == "форум"


def test_headline_beats_lead():
    assert event_type("Прошёл семинар", "Состоялось заседание комиссии.").type == "семинар"


# ---------------------------------------------------------------- region

REGIONS = [
    # the headline names it
    ("В Павлодаре прошёл семинар для акимов", "Семинар провели сотрудники акимата.", (), PAV),
    ("В ЗКО стартовал конкурс", "Конкурс организован департаментом.", (), ZKO),
    ("Замаким Мангистауской области выступил на слушаниях",
     "Вчера в Нур-Султане прошли слушания. В Нур-Султане собрались эксперты.", (), "Мангистауская область"),
    # a republican venue in the text, officials of a region
    ("Общественные слушания прошли онлайн",
     "Сегодня в Астане проведены общественные слушания. Выступил аким района.", (KZO, KZO, "Кызылординская область"), KZO),
    # no headline place: the lead and the body
    (None, "В Уральске состоялось заседание. Аким города выступил.", (), ZKO),
    (None, "Заседание маслихата прошло в Таразе.", (), "Жамбылская область"),
    # national news without a place
    ("Агентство подвело итоги года", "Аким и депутаты обсудили план.", (), None),
    # foreign news: a single weak mention is not enough
    ("Завод сменил директора", "Ранее он работал в Темиртау и Москве.", (), None),
    ("Биржа выросла", "Акции «Уральской стали» подешевели в Москве.", (), None),
    ("Поэт Абай Кунанбаев", "Книгу стихов Абая переиздали в Москве.", (), None),
    # national news: a ranking of regions is a comparison, not the place of the event
    ("Агентство подвело итоги полугодия",
     "Глава ведомства выступил на брифинге.\n" + "Заметим. " * 80 + "Больше всего нарушений в Шымкенте (40), Павлодарской (31) и "
     "Жамбылской (25) областях. Меньше всего - в Атырауской области.", (), None),
    ("Агентство подвело итоги года",
     "Председатель выступил перед журналистами.\n" + "Заметим. " * 80 + "Лидируют Актюбинская, Павлодарская и Костанайская области.", (), None),
    # the headline or lead names the venue: the ranking in the body does not unseat it
    ("В Астане прошло заседание коллегии агентства",
     "Больше всего нарушений в Шымкенте (40), Павлодарской (31) и Жамбылской (25) областях.", (), "Астана"),
    # the body is spread over three regions with no clear winner
    ("Итоги года", "Глава ведомства выступил.\n" + "Заметим. " * 80 + "В Павлодаре проверка. В Таразе суд. "
     "В Актобе рейд.", (), None),
    # one region clearly ahead in the body still wins
    ("Итоги года", "Глава ведомства выступил.\n" + "Заметим. " * 80 + "В Павлодаре проверка. Аким Павлодарской "
     "области выступил. В Павлодарской области рейд. В Таразе суд. В Актобе рейд.", (), PAV),
]


@pytest.mark.parametrize("title, text, official_regions, expected", REGIONS)
def test_event_region(title, text, official_regions, expected):
    assert event_region(title, text, official_regions) == expected


def test_organisations_regions_count():
    assert event_region(None, "Прошло заседание акимата.", (), [PAV, PAV]) == PAV
    assert event_region(None, "Прошло заседание акимата.", (), [PAV]) is None  # one organisation is thin


# ---------------------------------------------------------------- date

STATED = [
    ("9 декабря состоялось заседание комиссии.", D(2019, 12, 12), D(2019, 12, 9)),
    ("15 марта 2024 года в Павлодаре прошёл форум.", None, D(2024, 3, 15)),
    ("Сегодня в Актобе прошли общественные слушания.", D(2022, 5, 17), D(2022, 5, 17)),
    ("Вчера прошло совещание.", D(2022, 5, 17), D(2022, 5, 16)),
    # a date without an event verb is history, not the event
    ("В 2015 году ООН провозгласила 21 июня Международным днём йоги.", D(2019, 6, 20), None),
    # a day and month without any year to put them in
    ("9 декабря состоялось заседание.", None, None),
    ("31 февраля прошёл форум.", D(2020, 1, 1), None),
]


@pytest.mark.parametrize("text, published, expected", STATED)
def test_stated_date(text, published, expected):
    assert stated_date(text, published) == expected


EVENT_DATE = [
    ("Форум прошёл в Актау.", "2023-11-03", (D(2023, 11, 3), "published")),
    ("Форум прошёл в Актау.", D(2023, 11, 3), (D(2023, 11, 3), "published")),
    ("29 октября прошёл форум.", "2023-11-03", (D(2023, 10, 29), "text")),
    # no publication date: the date a site prints at the top
    ("17 мая 2022 14:40\nЗамаким выступил.", None, (D(2022, 5, 17), "text")),
    ("date 2019-04-17 Районный семинар.", None, (D(2019, 4, 17), "text")),
    ("Форум прошёл.", None, (None, None)),
    ("Форум прошёл.", float("nan"), (None, None)),
]


@pytest.mark.parametrize("text, published, expected", EVENT_DATE)
def test_event_date(text, published, expected):
    assert event_date(text, published) == expected


# ---------------------------------------------------------------- organiser

def org(text, name, phrase=None):
    start = text.index(phrase or name)
    return {"name": name, "start": start, "stop": start + len(phrase or name)}


def official(text, name, organisation):
    start = text.index(name)
    return {"name": name, "organisation": organisation, "start": start, "stop": start + len(name)}


def test_organised_by():
    text = "Форум был организован департаментом юстиции. Выступил аким Б. Сеитов."
    orgs = [org(text, "департамент юстиции", "департаментом юстиции")]
    officials = [official(text, "Б. Сеитов", "акимат района")]
    assert organiser(text, orgs, officials) == ("департамент юстиции", "organised_by")


def test_chaired_by():
    text = "Под председательством первого заместителя акима области А. Жумабекова состоялось заседание."
    officials = [official(text, "А. Жумабекова", "акимат области")]
    assert organiser(text, [], officials) == ("акимат области", "chaired_by")


def test_org_held():
    text = "Сегодня Антикоррупционная служба провела семинар для студентов."
    assert organiser(text, [org(text, "Антикоррупционная служба")], []) == ("Антикоррупционная служба", "org_held")


def test_first_official_else_nothing():
    text = "На встрече выступил аким района Б. Сеитов."
    assert organiser(text, [], [official(text, "Б. Сеитов", "акимат района")]) == ("акимат района", "first_official")
    assert organiser(text, [], []) == (None, None)


# ---------------------------------------------------------------- the batch, by hand

TEXT = ("15 марта 2024 года в Павлодаре прошёл семинар. Семинар организован департаментом агентства. "
        "Выступил аким города Б. Сеитов. Бюджет составил 5 млн тенге.")


def hand_batch():
    doc = {"doc_id": "d1", "title": "В Павлодаре прошёл семинар", "published": None, "text": TEXT}
    empty = {"doc_id": "d2", "title": None, "published": "2024-01-02", "text": "Ничего не случилось."}
    o = TEXT.index("департаментом")
    s = TEXT.index("Б. Сеитов")
    return {
        "documents": io.frame([doc, empty], schema.DOCUMENTS),
        "people": io.frame([
            {"doc_id": "d1", "name": "Б. Сеитов", "role": "participant", "start": s},
            {"doc_id": "d1", "name": "Б. Сеитов", "role": "participant", "start": s + 1},
            {"doc_id": "d1", "name": "Абай Кунанбаев", "role": "eponym", "start": 1}], schema.PEOPLE),
        "officials": io.frame([
            {"doc_id": "d1", "name": "Б. Сеитов", "position": "аким города", "organisation": "акимат города Павлодара",
             "region": PAV, "start": s}], schema.OFFICIALS),
        "organisations": io.frame([
            {"doc_id": "d1", "name": "департамент агентства", "region": None, "start": o, "stop": o + 25},
            {"doc_id": "d1", "name": "департамент агентства", "region": None, "start": o + 200, "stop": o + 225}],
            schema.ORGANISATIONS),
        "programmes": io.frame([{"doc_id": "d1", "name": "Адал жастар", "kind": "проект", "start": 3}], schema.PROGRAMMES),
        "figures": io.frame([{"doc_id": "d1", "value": 5e6, "unit": "тенге", "text": "5 млн тенге", "start": 160}],
                            schema.FIGURES),
        "mentions": io.frame([], schema.MENTIONS),
    }


@pytest.fixture(scope="module")
def hand():
    return build_events(hand_batch())


def test_one_event_per_document(hand):
    ev, _ = hand
    assert list(ev["doc_id"]) == ["d1", "d2"]
    assert ev["event_id"].is_unique


def test_event_id_is_stable(hand):
    ev, _ = hand
    again, _ = build_events(hand_batch())
    assert list(again["event_id"]) == list(ev["event_id"]) == [events.event_id("d1", 0), events.event_id("d2", 0)]


def test_event_columns(hand):
    e = hand[0].iloc[0]
    assert (e["region"], e["event_type"], e["date"], e["date_source"]) == (PAV, "семинар", D(2024, 3, 15), "text")
    assert e["organiser"] == "департамент агентства"


def test_nested_lists(hand):
    e = hand[0].iloc[0]
    assert e["people"] == ["Б. Сеитов"]  # eponyms out, duplicates out
    assert e["organisations"] == ["департамент агентства"]
    assert e["officials"] == [{"name": "Б. Сеитов", "position": "аким города",
                               "organisation": "акимат города Павлодара", "region": PAV}]
    assert e["programmes"] == [{"name": "Адал жастар", "kind": "проект"}]
    assert e["figures"] == [{"value": 5e6, "unit": "тенге", "text": "5 млн тенге"}]


def test_document_without_anything(hand):
    e = hand[0].iloc[1]
    assert pd.isna(e["region"]) and pd.isna(e["event_type"])
    assert (e["date"], e["date_source"]) == (D(2024, 1, 2), "published")
    assert e["officials"] == [] and e["people"] == [] and e["figures"] == []


def test_flat_companion(hand):
    ev, flat = hand
    assert flat.to_dict("records") == [{
        "event_id": ev["event_id"][0], "doc_id": "d1", "date": D(2024, 3, 15), "region": PAV,
        "event_type": "семинар", "name": "Б. Сеитов", "position": "аким города",
        "organisation": "акимат города Павлодара", "official_region": PAV}]


def test_empty_batch():
    out = events.apply({name: io.frame([], schema.TABLES[name]) for name in events.INPUTS})
    assert len(out["events"]) == 0 and list(out["events"].columns) == schema.EVENTS.schema.names


# ---------------------------------------------------------------- Parquet for analysts

def write(out_dir, name, df):
    with io.writers(out_dir, [name]) as w:
        w[name].write(df)
    return io.table_path(out_dir, name)


@pytest.fixture(scope="module")
def hand_parquet(tmp_path_factory, hand):
    out = tmp_path_factory.mktemp("hand")
    write(out, "events", hand[0])
    write(out, "event_officials", hand[1])
    return out


def test_pyarrow_and_pandas_read_nested_columns(hand_parquet):
    table = pq.read_table(hand_parquet / "events.parquet")
    assert table.schema.equals(schema.EVENTS.schema, check_metadata=False)
    assert table.schema.metadata[b"schema_version"] == schema.SCHEMA_VERSION.encode()
    df = pd.read_parquet(hand_parquet / "events.parquet")
    assert list(df["officials"][0][0].values()) == ["Б. Сеитов", "аким города", "акимат города Павлодара", PAV]


def test_duckdb_officials_with_most_events(hand_parquet):
    path = hand_parquet / "events.parquet"
    rows = duckdb.sql(f"""
        SELECT o.name, count(DISTINCT event_id) AS n
        FROM (SELECT event_id, unnest(officials) AS o FROM '{path}')
        GROUP BY o.name ORDER BY n DESC, o.name""").fetchall()
    assert rows == [("Б. Сеитов", 1)]


# ---------------------------------------------------------------- the whole chain on invented news

ARTICLES = [
    {"doc_id": "a1", "title": "В Павлодаре прошёл семинар для госслужащих", "published": "2024-03-16",
     "text": "15 марта 2024 года в Павлодаре прошёл семинар по противодействию коррупции. "
             "Семинар организован департаментом Агентства по противодействию коррупции по Павлодарской области. "
             "Выступил аким города Павлодара Асхат Оралов."},
    {"doc_id": "a2", "title": "Замаким ЗКО провёл совещание", "published": "2024-03-20",
     "text": "Сегодня в Уральске состоялось совещание по вопросам противодействия коррупции. "
             "В нём приняли участие акимы районов Западно-Казахстанской области."},
    {"doc_id": "a3", "title": "Полиция Москвы задержала чиновника", "published": "2024-04-02",
     "text": "В Москве задержан чиновник мэрии. Ему предъявлено обвинение во взятке."},
]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from pipeline import runner
    work = tmp_path_factory.mktemp("chain")
    src = work / "news.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    runner.run(src, work / "out")
    return work / "out"


def test_chain_writes_schema_version(chain):
    for name in ("events", "event_officials"):
        meta = pq.read_schema(chain / f"{name}.parquet").metadata
        assert meta[b"schema_version"] == schema.SCHEMA_VERSION.encode()


def test_chain_events_per_region_per_month(chain):
    path = chain / "events.parquet"
    rows = duckdb.sql(f"""
        SELECT region, strftime(date, '%Y-%m') AS month, count(*) AS n
        FROM '{path}' GROUP BY ALL ORDER BY month, region NULLS LAST""").fetchall()
    assert rows == [(ZKO, "2024-03", 1), (PAV, "2024-03", 1), (None, "2024-04", 1)]


def test_chain_event_types(chain):
    df = pd.read_parquet(chain / "events.parquet").set_index("doc_id")
    assert df["event_type"].to_dict() == {"a1": "семинар", "a2": "совещание", "a3": "задержание"}


def test_chain_officials_with_most_events(chain):
    """Answerable from the flat companion as from the nested column, whatever officials found."""
    flat = chain / "event_officials.parquet"
    nested = chain / "events.parquet"
    by_flat = duckdb.sql(f"SELECT name, count(DISTINCT event_id) n FROM '{flat}' GROUP BY name ORDER BY n DESC, name").fetchall()
    by_nested = duckdb.sql(f"""SELECT o.name, count(DISTINCT event_id) n FROM (SELECT event_id, unnest(officials) o
                               FROM '{nested}') GROUP BY o.name ORDER BY n DESC, o.name""").fetchall()
    assert by_flat == by_nested
    assert all(name for name, _ in by_flat)


# ---------------------------------------------------------------- digests

DIGEST = ("Антикоррупционные новости недели.\n"
          "В Актобе прошла встреча со студентами. Выступил аким города Б. Сеитов.\n"
          "В Павлодаре состоялся семинар для госслужащих. Его провёл А. Бекенов.\n")

DIGEST_SPANS = [
    (DIGEST, 2),
    # one region in every paragraph: one event
    ("В Актобе прошла встреча.\nВ Актобе состоялся семинар.", 1),
    # paragraphs that open with a place but name no event
    ("В Актобе тепло.\nВ Павлодаре снег.", 1),
    ("Одна новость без мест.", 1),
]


@pytest.mark.parametrize("text, n", DIGEST_SPANS)
def test_digest_spans(text, n):
    assert len(events.digest_spans(text)) == n


def test_digest_gives_an_event_per_paragraph():
    s, a = DIGEST.index("Б. Сеитов"), DIGEST.index("А. Бекенов")
    batch = {
        "documents": io.frame([{"doc_id": "g", "title": "Дайджест", "text": DIGEST}], schema.DOCUMENTS),
        "officials": io.frame([
            {"doc_id": "g", "name": "Б. Сеитов", "position": "аким города", "region": None, "start": s, "stop": s + 9},
            {"doc_id": "g", "name": "А. Бекенов", "position": "руководитель", "region": None, "start": a, "stop": a + 10}],
            schema.OFFICIALS),
    }
    ev, flat = build_events(batch)
    assert list(zip(ev["region"], ev["event_type"])) == [("Актюбинская область", "встреча"), (PAV, "семинар")]
    assert [[o["name"] for o in officials] for officials in ev["officials"]] == [["Б. Сеитов"], ["А. Бекенов"]]
    assert list(flat["event_id"]) == [events.event_id("g", 0), events.event_id("g", 1)]


def test_headline_paragraph_heads_no_digest_event():
    title = "В Павлодаре прошло совещание по противодействию коррупции"
    text = f"{title}\n\nВ Астане прошла встреча с депутатами, где обсудили новый закон."
    assert events.digest_spans(text, title) == [(0, len(text))]
    assert events.digest_spans(text) == [(0, len(text))]  # a headline-shaped line heads nothing either


# leaked related-news headlines (one short line each) are no digest paragraphs
LEAKED = ("В Костанае прошёл семинар для госслужащих. Его провёл руководитель департамента.\n"
          "Читайте также\nВ Шымкенте задержан аким сельского округа\nВ Таразе прошло заседание комиссии\n")

PROSE = [
    ("В Актобе прошла встреча. Выступил аким города.", True),
    ("В Актобе прошла встреча со студентами колледжа, на которой сотрудники департамента рассказали "
     "об ответственности за взятку.", True),
    # headline shapes: no full stop, or one short sentence
    ("В Актобе задержан инспектор по охране труда", False),
    ("В Актобе задержан инспектор.", False),
    ("Итоги недели:", False),
]


@pytest.mark.parametrize("paragraph, expected", PROSE)
def test_prose(paragraph, expected):
    assert events.prose(paragraph) is expected


def test_leaked_headlines_make_no_digest():
    assert events.digest_spans(LEAKED) == [(0, len(LEAKED))]
