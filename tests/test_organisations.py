"""organisations stage: natasha ORG spans widened, corrected and put in the nominative."""
import pandas as pd
import pytest

from pipeline import lemmatize, ner, organisations, segment


def run(text):
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    _, tokens = segment.segment(docs)
    lemmas = lemmatize.lemmatize(tokens)
    return organisations.organisations(docs, tokens, lemmas, ner.mentions(docs))


def names(text):
    return sorted(set(run(text)["name"]))


@pytest.mark.parametrize("text, expected", [
    # head noun and its adjectives in the nominative, complements kept
    ("Секретарь Павлодарского областного маслихата выступил с отчётом.", ["Павлодарский областной маслихат"]),
    ("Письмо направлено в Министерство юстиции РК.", ["Министерство юстиции РК"]),
    ("Заседание прошло в акимате СКО.", ["акимат СКО"]),
    ("Вопросы обсудили в Карагандинском техническом университете.", ["Карагандинский технический университет"]),
    # legal forms and closing quotes
    ("Договор подписали с ТОО \"Береке Агро\" в среду.", ["ТОО \"Береке Агро\""]),
    ("Грант выдало АО «Фонд развития предпринимательства».", ["АО «Фонд развития предпринимательства»"]),
    # head nouns natasha misses, with their complements
    ("Конкурс прошёл в средней школе № 12 города.", ["средняя школа № 12"]),
    ("Выставку открыли в областной библиотеке им. Абая.", ["областная библиотека им. Абая"]),
    ("Жалобы принимает департамент полиции по Жамбылской области.", ["департамент полиции по Жамбылской области"]),
    # never organisations
    ("15 МАРТА - ВЫБОРЫ", []),
    ("Жители ЗКО и ВКО поддержали акцию.", []),
    ("В рамках проекта \"Адал Жол\" прошли встречи.", []),
])
def test_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, name, kind, region", [
    ("Антикоррупционная служба ВКО провела проверку.", "Антикоррупционная служба ВКО", "law enforcement",
     "Восточно-Казахстанская область"),
    ("Депутаты Алматинского областного маслихата собрались на сессию.", "Алматинский областной маслихат", "maslihat",
     "Алматинская область"),
    ("Иск рассмотрел Специализированный межрайонный экономический суд.",
     "Специализированный межрайонный экономический суд", "court", None),
])
def test_kind_and_region(text, name, kind, region):
    rows = run(text)
    row = rows[rows["name"] == name].iloc[0]
    assert row["kind"] == kind
    assert (row["region"] if isinstance(row["region"], str) else None) == region


def test_mentions_of_one_organisation_share_id_and_name():
    text = ("Заседание провела Антикоррупционная служба ВКО. Представитель Антикоррупционной службы "
            "рассказал о планах.")
    rows = run(text)
    assert rows["org_id"].nunique() == 1 and rows["name"].nunique() == 1
    assert all(text[r.start:r.stop] == r.text for r in rows.itertuples())


@pytest.mark.parametrize("short, long, same", [
    ("Антикоррупционная служба", "Антикоррупционная служба ВКО", True),
    ("РОО \"Адал\"", "республиканское общественное объединение \"Движение Адал\"", True),
    ("Министерство финансов", "Министерство юстиции", False),
])
def test_same_org(short, long, same):
    heads = {"Антикоррупционная служба": "служба", "Антикоррупционная служба ВКО": "служба",
             "Министерство финансов": "министерство", "Министерство юстиции": "министерство",
             "РОО \"Адал\"": None, "республиканское общественное объединение \"Движение Адал\"": "объединение"}
    kinds = {k: "NGO" if "Адал" in k else "state body" for k in heads}
    assert organisations.same_org(short, long, heads[short], heads[long], kinds[short], kinds[long]) is same
