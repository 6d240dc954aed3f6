"""people stage: natasha PER spans -> one canonical name per person per article, eponyms apart."""
import pandas as pd
import pytest

from pipeline import lemmatize, ner, people, segment


def run(text):
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    batch = {"documents": docs, **dict(zip(("sentences", "tokens"), segment.segment(docs)))}
    batch["mentions"] = ner.mentions(docs)
    return people.people(batch["documents"], batch["tokens"], batch["mentions"])


def names(text):
    found, _ = run(text)
    return sorted(set(found["name"]))


@pytest.mark.parametrize("text, expected", [
    # oblique cases put in the nominative, gender kept
    ("Грамоту вручили Айгуль Нурлановой.", ["Айгуль Нурланова"]),
    ("Встреча прошла под председательством Ерлана Сапарова.", ["Ерлан Сапаров"]),
    ("План утверждён акимом области Данияром Сейтжановым.", ["Данияр Сейтжанов"]),
    # a surname alone joins the person named in full
    ("Выступил Ерлан Сапаров. Как отметил Сапаров, работа продолжится.", ["Ерлан Сапаров"]),
    ("Выступила Айгуль Нурланова. По словам Нурлановой, план выполнен.", ["Айгуль Нурланова"]),
    # initials after the surname
    ("Спектакль подготовили под руководством Петровой А.С. и учителя Сейтжанова Д.К.", ["А.С. Петрова", "Д.К. Сейтжанов"]),
    # a list shares its case
    ("Лекции посвящены наследию Ж.Куанышбаева, К.Тлеубаева и А.Садыкова.", ["А. Садыков", "Ж. Куанышбаев", "К. Тлеубаев"]),
    pytest.param("Лекции посвящены наследию Ж.Куанышбаева, К.Тлеубаева и А.Нурбекова.",
                 ["А. Нурбеков", "Ж. Куанышбаев", "К. Тлеубаев"],
                 marks=pytest.mark.xfail(reason="a list takes the case of a member the tagger decides; "
                                                "unknown '-ова' surnames alone stay feminine nominatives")),
    # namesakes are not people of the event
    ("Конкурс прошёл в школе имени Абая Кунанбаева. Директор Ерлан Сапаров наградил победителей.", ["Ерлан Сапаров"]),
])
def test_people(text, expected):
    assert names(text) == expected


def test_eponyms_go_to_their_own_table():
    found, eponyms = run("Выставка открылась в школе имени Мурата Сапарова, её открыл Ерлан Жумабеков.")
    assert list(eponyms["name"]) == ["Мурат Сапаров"]
    assert set(eponyms["role"]) == {"eponym"}
    assert "Мурат Сапаров" not in set(found["name"])


def test_mentions_of_one_person_share_an_id_and_offsets_index_the_text():
    text = "Выступил Ерлан Сапаров. Сапаров отметил рост. Ерлану Сапарову вручили грамоту."
    found, _ = run(text)
    assert found["person_id"].nunique() == 1
    assert all(text[r.start:r.stop] == r.text for r in found.itertuples())


@pytest.mark.parametrize("span, reason", [
    ("Подана", "reject.common_word"),
    ("Формулы-1", "reject.digits"),
    ("ПОДЕЛИТЬСЯ", "reject.chrome"),
    ("Ямадаевых", "reject.plural"),
    ("Ерлан Сапаров", None),
    ("Д.Сейтжанов", None),
])
def test_not_a_name_reason(span, reason):
    assert people.not_a_name_reason(span) == reason


@pytest.mark.parametrize("before, expected", [
    ("школа имени ", True),
    ("библиотека им. ", True),
    ("библиотека им.", True),
    ("сказал ", False),
    ("по имени ", True),
])
def test_is_eponym(before, expected):
    assert people.is_eponym(before + "Иван Петров", len(before)) is expected
