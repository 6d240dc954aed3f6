"""Dirty corpora for the robustness tests: every kind of bad input a scraped folder holds,
each written with what the reader must make of it.

`bad_corpus(folder, n)` writes n inputs and returns {doc_id: expected}, where expected is
"document" (read as a document), "degraded" (a document and a `degraded:` reject) or the
kind of reject it must get ("binary", "empty", "duplicate", ...), or a tuple of these when
the input is drawn at random. Texts are invented
sentences put together at random, so no two documents share a line by accident.
"""
import json
import os
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SUBJECTS = ["Аким района", "Депутат маслихата", "Прокурор области", "Министр финансов",
            "Председатель агентства", "Руководитель управления", "Судья городского суда"]
VERBS = ["провёл встречу с жителями", "подписал меморандум", "рассказал о проверке",
         "выступил на форуме", "объявил о запуске проекта", "ответил на вопросы журналистов"]
PLACES = ["в Караганде", "в Шымкенте", "в Актобе", "в Павлодаре", "в Костанае", "в Таразе"]
NAMES = ["Ерлан Сапаров", "Айгуль Нурланова", "Данияр Тулегенов", "Светлана Ким", "Бауыржан Жумабеков"]
ENGLISH = ["The district governor met residents on Monday.", "Officials signed a memorandum in Almaty."]
KAZAKH = ["Аудан әкімі тұрғындармен кездесті.", "Қазақстан Республикасының Үкіметі шешім қабылдады."]

MAX_BYTES = 20_000  # run the corpus with --max-bytes 20000: the "too large" files are over it


def sentence(rnd) -> str:
    return (f"{rnd.choice(SUBJECTS)} {rnd.choice(NAMES)} {rnd.choice(VERBS)} {rnd.choice(PLACES)} "
            f"{rnd.randint(1, 28)} {rnd.choice(['марта', 'мая', 'июня'])} {rnd.randint(2015, 2025)} года.")


def article(rnd, sentences=2) -> str:
    return "\n".join(sentence(rnd) for _ in range(sentences)) + "\n"


def _write(folder: Path, name: str, data: bytes):
    (folder / name).write_bytes(data)


# each maker writes one input named `name` and returns {doc_id: expected}

def good(rnd, folder, name, encoding="utf-8", bom=b""):
    _write(folder, f"{name}.txt", bom + article(rnd).encode(encoding))
    return {name: "document"}


def line_ends(rnd, folder, name):
    end = rnd.choice(["\r\n", "\r"])
    _write(folder, f"{name}.txt", article(rnd).replace("\n", end).encode("utf-8"))
    return {name: "document"}


def foreign(rnd, folder, name):
    _write(folder, f"{name}.txt", " ".join(rnd.sample(ENGLISH + KAZAKH, 2)).encode("utf-8")
           + f" {rnd.random()}".encode())
    return {name: "document"}


def damaged(rnd, folder, name):
    text = article(rnd).encode("utf-8")
    cut = rnd.choice([b"\x00", b"\x07\x1b", b"\x7f"])
    at = text.index(b" ")
    _write(folder, f"{name}.txt", text[:at] + cut + text[at:] + "конец".encode()[:-1])
    return {name: "degraded"}


def empty(rnd, folder, name):
    _write(folder, f"{name}.txt", rnd.choice([b"", b"   \n\t\r\n", "\ufeff".encode(), "\u2028 \r".encode()]))
    return {name: "empty"}


def binary(rnd, folder, name):
    head = rnd.choice([b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"GIF89a"])
    body = bytes(rnd.getrandbits(8) for _ in range(300))
    _write(folder, f"{name}.{rnd.choice(['txt', 'html', ''])}".rstrip("."), head + body)
    return {name: "binary"}


def not_text(rnd, folder, name):
    _write(folder, f"{name}.{rnd.choice(['pdf', 'docx', 'jpg'])}", article(rnd).encode())
    return {name: "not text"}


def too_large(rnd, folder, name):
    _write(folder, f"{name}.txt", (article(rnd) * 200).encode("utf-8")[: MAX_BYTES + 1000])
    return {name: "too large"}


def duplicate(rnd, folder, name):
    text = article(rnd)
    _write(folder, f"{name}.txt", text.encode("utf-8"))
    # the copy sorts after the original, so the original is the one kept
    _write(folder, f"{name}~copy.txt", ("  " + text.replace(" ", "  ") + "\n\n").encode("utf-8"))
    return {name: "document", f"{name}~copy": "duplicate"}


def jsonl(rnd, folder, name):
    rows = [json.dumps({"doc_id": f"{name}-a", "text": article(rnd)}, ensure_ascii=rnd.random() < 0.5),
            '{"doc_id": "broken", "text": "no end',
            json.dumps({"doc_id": f"{name}-c", "title": "no text"}),
            json.dumps([1, 2, 3]),
            json.dumps({"doc_id": f"{name}-e", "text": None}),
            json.dumps({"text": "no id"}),
            json.dumps({"doc_id": f"{name}-g", "text": article(rnd) + "\ud800"}),
            ""]
    _write(folder, f"{name}.jsonl", "\n".join(rows).encode("utf-8", errors="surrogatepass"))
    return {f"{name}-a": "document", f"{name}.jsonl:2": "malformed", f"{name}-c": "malformed",
            f"{name}.jsonl:4": "malformed", f"{name}-e": "malformed", f"{name}.jsonl:6": "malformed",
            f"{name}-g": "degraded"}


def csv_file(rnd, folder, name):
    if rnd.random() < 0.3:
        _write(folder, f"{name}.csv", "doc_id,body\nx,текст\n".encode())
        return {name: "unreadable"}
    text = article(rnd).replace('"', "")
    data = f'doc_id,title,text\n{name}-1,Заголовок,"{text}"\n{name}-2,only two\n'
    _write(folder, f"{name}.csv", data.encode(rnd.choice(["utf-8", "cp1251"])))
    return {f"{name}-1": "document", f"{name}-2": "malformed"}


def parquet_file(rnd, folder, name):
    table = pa.table({"doc_id": [f"{name}-p", f"{name}-q"], "text": [article(rnd), "  "]})
    pq.write_table(table, folder / f"{name}.parquet")
    return {f"{name}-p": "document", f"{name}-q": "empty"}


def odd_name(rnd, folder, name):
    raw = os.fsencode(folder) + b"/" + name.encode() + "_статья".encode("cp1251") + b".txt"
    with open(raw, "wb") as f:
        f.write(article(rnd).encode("utf-8"))
    return {f"{name}_статья": "document"}


def broken_link(rnd, folder, name):
    os.symlink(folder / "nowhere" / name, folder / f"{name}.txt")
    return {name: "unreadable"}


def random_bytes(rnd, folder, name):
    # mostly binary; a short draw without control bytes decodes as a (meaningless) document
    data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, 200)))
    _write(folder, f"{name}.txt", data + b" x" + str(rnd.random()).encode())
    return {name: ("binary", "document", "degraded")}


MAKERS = [
    (good, 4), (lambda r, f, n: good(r, f, n, "utf-8", b"\xef\xbb\xbf"), 3),
    (lambda r, f, n: good(r, f, n, "utf-16"), 3), (lambda r, f, n: good(r, f, n, "utf-16-le"), 2),
    (lambda r, f, n: good(r, f, n, "utf-16-be"), 2), (lambda r, f, n: good(r, f, n, "cp1251"), 4),
    (lambda r, f, n: good(r, f, n, "koi8-r"), 4), (line_ends, 4), (foreign, 3), (damaged, 5),
    (empty, 6), (binary, 8), (not_text, 4), (too_large, 3), (duplicate, 4), (jsonl, 2), (csv_file, 2),
    (parquet_file, 1), (odd_name, 1), (broken_link, 1), (random_bytes, 4),
]


def bad_corpus(folder, n=1000, seed=0) -> dict:
    """Writes about n inputs of every kind into folder; returns {doc_id: expected}."""
    rnd = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    makers, weights = zip(*MAKERS)
    expected, i = {}, 0
    while sum(1 for _ in folder.iterdir()) < n:
        maker = rnd.choices(makers, weights)[0]
        expected.update(maker(rnd, folder, f"f{i:05d}"))
        i += 1
    return expected


def good_corpus(folder, n, seed=0, sentences=6) -> dict:
    """n plain UTF-8 articles: a corpus every input of which becomes a document."""
    rnd = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        _write(folder, f"d{i:05d}.txt", article(rnd, sentences).encode("utf-8"))
    return {f"d{i:05d}": "document" for i in range(n)}
