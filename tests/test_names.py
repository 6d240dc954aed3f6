"""pipeline/names.py: a person's name in any case -> its canonical nominative form."""
import pytest

from pipeline.names import canonical_name, surname_key, split, is_initial


@pytest.mark.parametrize("span, expected", [
    # Russian names in every case
    ("Иван Петров", "Иван Петров"),
    ("Ивана Петрова", "Иван Петров"),
    ("Ивану Петрову", "Иван Петров"),
    ("Иваном Петровым", "Иван Петров"),
    ("Анной Смирновой", "Анна Смирнова"),
    ("Анны Смирновой", "Анна Смирнова"),
    ("Анну Смирнову", "Анна Смирнова"),
    ("Еленой Голиковой", "Елена Голикова"),  # pymorphy3 alone lemmatizes 'Голиковой' to 'голиков'
    ("Светлану Яковлеву", "Светлана Яковлева"),
    ("Сергея Вишневского", "Сергей Вишневский"),
    ("Марией Вишневской", "Мария Вишневская"),
    # Kazakh first names and surnames
    ("Ерланом Жумабековым", "Ерлан Жумабеков"),
    ("Нурсултана Сапарова", "Нурсултан Сапаров"),
    ("Айгуль Нурлановой", "Айгуль Нурланова"),
    ("Айгуль Нурланова", "Айгуль Нурланова"),
    ("Алии Бекмуратовой", "Алия Бекмуратова"),
    ("Жандосом Ермековым", "Жандос Ермеков"),
    ("Асылханом Тулегеновым", "Асылхан Тулегенов"),
    ("Кайратбеку Сейтжанову", "Кайратбек Сейтжанов"),
    ("Ермекбая Сыздыкова", "Ермекбай Сыздыков"),
    ("Даулетом Абдрахманом", "Даулет Абдрахман"),
    ("Ержана Абдрахмана", "Ержан Абдрахман"),
    ("Б. Тлеубайулы", "Б. Тлеубайулы"),  # -улы never declines
    ("Айдана Сериккызы", "Айдана Сериккызы"),
    ("Бауыржану Жумабекову", "Бауыржан Жумабеков"),
    # women with indeclinable surnames
    ("Светланой Ким", "Светлана Ким"),
    ("Ольге Бондаренко", "Ольга Бондаренко"),
    # initials: 'И.О. Фамилия' whatever the order and spacing
    ("Д.Сейтжанов", "Д. Сейтжанов"),
    ("Бондаренко Т.Н.", "Т.Н. Бондаренко"),
    ("Петровой А.С.", "А.С. Петрова"),
    ("С.К.Нуртаевой", "С.К. Нуртаева"),
    ("Т.К.Сайрами", "Т.К. Сайрами"),
    ("Т.Нуртазы", "Т. Нуртаза"),
    # order and patronymics
    ("Сарбасов Нурлан", "Нурлан Сарбасов"),
    ("Иванова Ивана Ивановича", "Иван Иванович Иванов"),
    ("Людмила Марковна Гурченко", "Людмила Марковна Гурченко"),
    # all capitals, Latin in brackets
    ("НУРЛАН САРБАСОВ", "Нурлан Сарбасов"),
    ("Джошуа Вольф (Joshua Wolf)", "Джошуа Вольф"),
    # known limits
    pytest.param("Ж.Куанышбаева", "Ж. Куанышбаев", marks=pytest.mark.xfail(
        reason="alone, '-ева' reads as a woman's nominative as well as a man's genitive; lists and the tagger decide")),
    pytest.param("Раймонда Паулса", "Раймонд Паулс", marks=pytest.mark.xfail(
        reason="unknown foreign names in -а read as nominative without context")),
])
def test_canonical_name(span, expected):
    assert canonical_name(span) == expected


@pytest.mark.parametrize("span, case, expected", [
    ("Ж.Куанышбаева", "gent", "Ж. Куанышбаев"),
    ("Раймонда Паулса", "gent", "Раймонд Паулс"),
    ("Кими Райкконена", "gent", "Кими Райкконен"),
    ("Ерлану Сейтжанову", "datv", "Ерлан Сейтжанов"),
])
def test_case_hint_breaks_ties(span, case, expected):
    assert canonical_name(span, case_hint=case) == expected


@pytest.mark.parametrize("name, key", [
    ("Данияр Сейтжанов", "сейтжанов"),
    ("Г. Сейтжанова", "сейтжанов"),
    ("Мария Вишневская", "вишневский"),
    ("Пётр Щеголёв", "щеголев"),
    ("Б. Тлеубайулы", "тлеубайулы"),
    ("", ""),
])
def test_surname_key(name, key):
    assert surname_key(name) == key


@pytest.mark.parametrize("span, tokens", [
    ("Т.К.Сайрами", ["Т.", "К.", "Сайрами"]),
    ("Бондаренко Т.Н.", ["Бондаренко", "Т.", "Н."]),
    ("Сами аль-Хадж (Sami al-Haj)", ["Сами", "аль-Хадж"]),
])
def test_split(span, tokens):
    assert split(span) == tokens


@pytest.mark.parametrize("token, expected", [("М.", True), ("М", True), ("Ә.", True), ("Ма", False), ("м.", False)])
def test_is_initial(token, expected):
    assert is_initial(token) is expected
