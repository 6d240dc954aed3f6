"""organisations stage, Kazakh rule: head-final names read right to left from the head noun,
the head put back in its nominative (possessive) form. All sentences are invented."""
import pandas as pd
import pytest

from pipeline import io, kazakh, lemmatize, ner, organisations, people, schema, segment
from pipeline.organisations import Tok

XFAIL = pytest.mark.xfail


def run(text, mentions=None):
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    _, tokens = segment.segment(docs)
    mentions = io.frame([], schema.MENTIONS) if mentions is None else mentions
    return organisations.organisations(docs, tokens, lemmatize.lemmatize(tokens), mentions)


def names(text):
    assert kazakh.is_kazakh(text)
    return list(dict.fromkeys(run(text).sort_values("start")["name"]))


NAMES = [
    # a region or a territory in the genitive before the head
    ("Павлодар облысының әкімдігінде жиын өтті.", ["Павлодар облысының әкімдігі"]),
    ("Жиынды Түркістан облысы әкімдігінің өкілі ашты.", ["Түркістан облысы әкімдігі"]),
    ("Бүгін облыс әкімдігінде кеңес өтті.", ["облыс әкімдігі"]),
    ("Ақтөбе облысының прокуратурасы тексеру жүргізді.", ["Ақтөбе облысының прокуратурасы"]),
    ("Алматы қаласы Бостандық ауданының әкімдігі хабарлады.", ["Алматы қаласы Бостандық ауданының әкімдігі"]),
    # place adjectives
    ("Облыстық мәслихаттың кезекті сессиясы өтті.", ["Облыстық мәслихат"]),
    ("Іс аудандық сотта қаралды.", ["аудандық сот"]),  # 'іс' (a case) is no part of the name
    ("Екібастұз қалалық мәслихатының хатшысы сөйледі.", ["Екібастұз қалалық мәслихаты"]),
    ("Жиынға облыстық сайлау комиссиясының мүшелері келді.", ["облыстық сайлау комиссиясы"]),
    # a field noun in the possessive before its head: 'шаруашылығы бөлімі'
    ("Ақсу қаласы тұрғын үй-коммуналдық шаруашылығы бөлімінің басшысы ұсталды.",
     ["Ақсу қаласы тұрғын үй-коммуналдық шаруашылығы бөлімі"]),
    # links: 'бойынша', 'қарсы', 'жөніндегі', 'жанындағы' stay inside a name
    ("Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі мәлімдеме жасады.",
     ["Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі"]),
    ("Агенттіктің Қызылорда облысы бойынша департаментінің басшысы сөйледі.",
     ["Агенттіктің Қызылорда облысы бойынша департаменті"]),
    ("Қарағанды облысы бойынша мемлекеттік кірістер департаменті тексерді.",
     ["Қарағанды облысы бойынша мемлекеттік кірістер департаменті"]),
    ("Облыс әкімдігі жанындағы қоғамдық кеңестің отырысы өтті.", ["Облыс әкімдігі жанындағы қоғамдық кеңес"]),
    ("Сыбайлас жемқорлыққа қарсы іс-қимыл жөніндегі ведомствоаралық комиссияның отырысы өтті.",
     ["Сыбайлас жемқорлыққа қарсы іс-қимыл жөніндегі ведомствоаралық комиссия"]),
    # a body in the genitive before another: one name, the last head
    ("ҚР Қаржы министрлігінің Мемлекеттік кірістер комитеті хабарлады.",
     ["ҚР Қаржы министрлігінің Мемлекеттік кірістер комитеті"]),
    ("Қазақстан Республикасының Ішкі істер министрлігі мәлімдеді.", ["Қазақстан Республикасының Ішкі істер министрлігі"]),
    # numbers and eponyms: 'атындағы' = 'named after'
    ("Кездесу Ақтөбе қаласының № 5 мектеп-лицейінде өтті.", ["Ақтөбе қаласының № 5 мектеп-лицейі"]),
    ("Жарыс №12 мектепте өтті.", ["№12 мектеп"]),
    ("Қ. Жұбанов атындағы Ақтөбе өңірлік университетінің студенттері келді.",
     ["Қ. Жұбанов атындағы Ақтөбе өңірлік университеті"]),
    ("Абай атындағы № 3 мектеп-гимназиясында сабақ өтті.", ["Абай атындағы № 3 мектеп-гимназиясы"]),
    ("Әл-Фараби атындағы Қазақ ұлттық университетінің ғалымдары келді.",
     ["Әл-Фараби атындағы Қазақ ұлттық университеті"]),
    # quoted names and legal forms
    ("«Нұр Отан» партиясының өкілі сөйледі.", ["«Нұр Отан» партиясы"]),
    ("Жиынды «Адал ұрпақ» еріктілер клубы ұйымдастырды.", ["«Адал ұрпақ» еріктілер клубы"]),
    ("Келісімге ЖШС «Жасыл дала» қол қойды.", ["ЖШС «Жасыл дала»"]),
    ("Тексеру «Береке» ЖШС-не жүргізілді.", ["«Береке» ЖШС"]),
    ("Жобаны «Өркен» АҚ-ның қаражаты есебінен іске асырды.", ["«Өркен» АҚ"]),
    ("Қаражатты «Саналы ұрпақ» қоғамдық қоры бөлді.", ["«Саналы ұрпақ» қоғамдық қоры"]),
    # names by their field alone, a strong head or a phrase that names a body
    ("ҚР Бас прокуратурасы мәлімдеді.", ["ҚР Бас прокуратурасы"]),
    ("Мемлекеттік қызмет істері агенттігі хабарлады.", ["Мемлекеттік қызмет істері агенттігі"]),
    ("Шешімді Жоғарғы Сот шығарды.", ["Жоғарғы Сот"]),
    ("Ұлттық қауіпсіздік комитеті хабарлады.", ["Ұлттық қауіпсіздік комитеті"]),
    ("Халыққа қызмет көрсету орталығында жаңа зал ашылды.", ["Халыққа қызмет көрсету орталығы"]),
    # a head alone, in the plural, or with a word in another case names no body
    ("Кездесуге мектеп оқушылары қатысты.", []),
    ("Ақтөбеде мектепте сабақ өтті.", []),
    ("Облыстағы мектептерде тексеру өтті.", []),
    ("Университет ректоры сөйледі.", []),
    ("Жиынға аудан әкімдері қатысты.", []),
    # words a head shares with other meanings
    ("Облыс орталығында жаңа саябақ ашылды.", []),          # the regional centre is a city
    ("Департаменттің қызметі туралы айтылды.", []),        # 'its work'
    ("Мемлекеттік қызмет туралы заң қабылданды.", []),     # the civil service, no body
    ("Сот отырысы келесі аптаға қалдырылды.", []),         # a hearing
    # a capital opening a quoted sentence or a menu item names nothing; a head inside a quote is a word of its name
    ("«Бөлім басшысы ұсталды», – деді тергеуші.", []),
    ("Басты бет / Баспасөз қызметі / Жаңалықтар", []),
    ("Қала әкімі «Ашық әкімдік» фронт-офисі туралы айтты.", []),
    pytest.param("Жастар ресурстық орталығы ашылды.", ["Жастар ресурстық орталығы"],
                 marks=XFAIL(reason="field words alone do not name a body for a rare head")),
    # a conjunction ends a name
    ("Тексеруді облыстық полиция департаменті мен қалалық прокуратура жүргізді.",
     ["облыстық полиция департаменті", "қалалық прокуратура"]),
    # a verbal noun or an adjective guessed from its ending goes no further left than a number
    ("Кездесу № 5 мектеп-лицейде өтті.", ["№ 5 мектеп-лицей"]),
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_names(text, expected):
    assert names(text) == expected


def tok(word):
    return Tok(0, len(word), word, "", "", "")


NOMINATIVES = [
    # the case goes, the possessive of a name stays
    ("әкімдігінде", "әкімдігі"),
    ("әкімдігінің", "әкімдігі"),
    ("департаментінің", "департаменті"),
    ("агенттігінің", "агенттігі"),
    ("агенттігі", "агенттігі"),
    ("прокуратурасына", "прокуратурасы"),
    ("университетінен", "университеті"),
    ("партиясынан", "партиясы"),
    pytest.param("партиясымен", "партиясы",
                 marks=XFAIL(reason="kazakh.stems holds 'мен' to vowel harmony; the instrumental has no back form")),
    # no possessive after an adjective or a number
    ("мәслихатта", "мәслихат"),
    ("мәслихаттың", "мәслихат"),
    ("мектеп-лицейде", "мектеп-лицей"),
    ("сотында", "соты"),
    ("сотта", "сот"),
    # a legal form written with its suffix after a hyphen
    ("ЖШС-не", "ЖШС"),
    ("АҚ-ның", "АҚ"),
]


@pytest.mark.parametrize("word, expected", NOMINATIVES)
def test_head_nominative(word, expected):
    t = tok(word)
    assert organisations.kk_head_nominative(t, organisations.kk_head(t)) == expected


HEADS = [
    ("әкімдігінде", "әкімдік"),
    ("мәслихаттың", "мәслихат"),
    ("клубының", "клубы"),
    ("ЖШС-не", "ЖШС"),
    ("мектептерде", None),   # plural: schools, not one
    ("әкімдері", None),      # the akims, not the akimat
    ("қызметкерлері", None),  # staff
]


@pytest.mark.parametrize("word, expected", HEADS)
def test_head(word, expected):
    assert organisations.kk_head(tok(word)) == expected


KINDS = [
    ("Павлодар облысының әкімдігінде жиын өтті.", "Павлодар облысының әкімдігі", "akimat", "Павлодарская область"),
    ("Облыстық мәслихаттың сессиясы өтті.", "Облыстық мәслихат", "maslihat", None),
    ("Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Ақтөбе облысы бойынша департаменті хабарлады.",
     "Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Ақтөбе облысы бойынша департаменті", "law enforcement",
     "Актюбинская область"),
    ("Облыстық ішкі саясат басқармасы хабарлады.", "Облыстық ішкі саясат басқармасы", "state body", None),
    ("Қазақстан Республикасының Ішкі істер министрлігі мәлімдеді.",
     "Қазақстан Республикасының Ішкі істер министрлігі", "law enforcement", None),
    ("Ақтөбе облыстық сотында іс қаралды.", "Ақтөбе облыстық соты", "court", "Актюбинская область"),
    ("«Нұр Отан» партиясының өкілі сөйледі.", "«Нұр Отан» партиясы", "party", None),
    ("Тексеру «Береке» ЖШС-не жүргізілді.", "«Береке» ЖШС", "company", None),
    ("Қ. Жұбанов атындағы Ақтөбе өңірлік университетінде форум өтті.",
     "Қ. Жұбанов атындағы Ақтөбе өңірлік университеті", "education", "Актюбинская область"),
]


@pytest.mark.parametrize("text, name, kind, region", KINDS)
def test_kind_and_region(text, name, kind, region):
    row = run(text).set_index("name").loc[name]
    assert row["kind"] == kind
    assert (row["region"] if isinstance(row["region"], str) else None) == region


def test_offsets_cover_the_words_as_written():
    text = "Жиын Павлодар облысының әкімдігінде өтті."
    row = run(text).iloc[0]
    assert (row["text"], text[row["start"]:row["stop"]], row["rule"]) == ("Павлодар облысының әкімдігінде",) * 2 + ("kk head",)


def test_mentions_of_one_organisation_share_id_and_fullest_name():
    rows = run("Павлодар облысының әкімдігінде жиын өтті. Облыс әкімдігі жаңа жоба ұсынды. "
               "Әкімдіктің өкілі сөйледі.")
    assert rows["org_id"].nunique() == 1 and set(rows["name"]) == {"Павлодар облысының әкімдігі"}


def test_russian_text_keeps_the_russian_rules():
    text = "Заседание прошло в акимате Павлодарской области."
    assert not kazakh.is_kazakh(text)
    rows = run(text, ner.mentions(pd.DataFrame({"doc_id": ["d"], "text": [text]})))
    assert list(rows["name"]) == ["акимат Павлодарской области"] and not rows["rule"].str.startswith("kk").any()


def test_eponym_is_no_person():
    text = "Қ. Жұбанов атындағы Ақтөбе өңірлік университетінде форум өтті. Форумға студенттер қатысты."
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    _, tokens = segment.segment(docs)
    found, _ = people.people(docs, tokens, ner.mentions(docs))
    assert "Қ. Жұбанов" not in set(found["name"])
