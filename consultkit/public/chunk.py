"""The pure function every chunk of a public export goes through.

:func:`process_chunk` takes the records of one chunk (``read.Chunk.frame``)
and a :class:`Context` (the draft's clauses, the province lists) and returns
the chunk's comments, its distinct texts and its rejects. It depends on
nothing but its arguments, so the embedded engine calls it in a loop and a
Dask cluster calls it on its workers with the same result.

Steps, each on DISTINCT values only and joined back (form letters repeat):

1. check the records: a record that could not be read as fields, without
   text, or whose time is not a time is a reject (row, line, reason);
2. mask personal data (:mod:`consultkit.public.mask`) on the distinct raw
   texts, then the commenter's own name where one is given;
3. normalise: ``norm`` = :func:`consultkit.text.fold` of the masked text,
   ``text_hash`` = the first 8 bytes of its BLAKE2b (signed int64);
4. per distinct masked text: stance (:func:`consultkit.comments.stance.classify_stance`)
   and citations linked to the draft's clauses (:class:`consultkit.comments.link.Citer`,
   i.e. the :class:`~consultkit.clauses.refs.RefResolver`) — so a row's result
   depends on its own text only, never on the chunking; per distinct ``norm``:
   the MinHash signature and the representative (smallest masked text);
5. per distinct part-of-draft value: the clauses it names (``Citer.column``);
6. per distinct (province, date's list): the province valid on the comment's
   date (an old, merged province maps to the one it merged into);
7. commenter kind: citizen / organisation (from the kind column, else the
   name's first words); an organisation's name is kept, a citizen's is not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..comments.stance import classify_stance
from ..text import fold
from . import minhash
from .mask import mask_name, mask_text

KINDS = ("citizen", "organisation", "unknown")
_ORG_WORDS = ("cong ty", "benh vien", "hoi ", "so ", "trung tam", "phong kham", "vien ", "truong ",
              "uy ban", "ubnd", "doanh nghiep", "hiep hoi", "tap doan", "co quan", "cuc ", "bo ")
_ORG_KIND = ("to chuc", "doanh nghiep", "co quan", "don vi", "organisation", "organization",
             "company", "hiep hoi")
_CITIZEN_KIND = ("cong dan", "ca nhan", "nguoi dan", "citizen", "individual", "person")
#: a text without a digit or a Roman number cites nothing that resolves (public comments
#: have no context for "khoản này")
_MAY_CITE = re.compile(r"\d|\b[IVXLC]+\b")
_TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "ISO8601")

#: columns of the comments a chunk stores
COMMENT_COLUMNS = ("row", "line", "source_id", "time", "kind", "province_code", "province",
                   "province_raw", "organisation", "has_name", "part", "text", "text_hash",
                   "stance", "clause_ids")
#: columns of the distinct texts of a chunk
TEXT_COLUMNS = ("text_hash", "norm", "text", "words", "stance", "clause_ids", "sig")
REJECT_COLUMNS = ("row", "line", "reason")


@dataclass(frozen=True, eq=False)
class Context:
    """What the chunk function needs besides the records (picklable, sent once to workers).

    ``clauses``: the draft's clause frame (or None); ``provinces``: (valid from,
    frame of :func:`consultkit.readers.roster.provinces`) oldest first.
    """

    clauses: pd.DataFrame | None
    provinces: tuple = field(default=())

    @classmethod
    def for_draft(cls, clauses: pd.DataFrame | None) -> "Context":
        from ..readers.roster import provinces
        from ..resources import province_lists

        lists = tuple((valid_from, provinces(valid_from)) for valid_from, _ in province_lists())
        return cls(clauses=clauses, provinces=lists)


def text_hash(norm: str) -> int:
    """Signed 64-bit hash of a normalised text (stable across processes)."""
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little",
                          signed=True)


def _province_lookup(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for code, name, short, merged in zip(frame["code"], frame["name"], frame["short_name"],
                                          frame["merged_from_names"]):
        for old in [n for n in str(merged).split(";") if n.strip()]:
            old_short = old.strip().removeprefix("Tỉnh ").removeprefix("Thành phố ")
            table.setdefault(fold(old), (code, name))
            table.setdefault(fold(old_short), (code, name))
    for code, name, short in zip(frame["code"], frame["name"], frame["short_name"]):
        for key in (fold(name), fold(short), fold("tp " + short), fold("tinh " + short)):
            table[key] = (code, name)
    for alias, short in (("hcm", "Hồ Chí Minh"), ("tp hcm", "Hồ Chí Minh"), ("sai gon", "Hồ Chí Minh"),
                         ("tphcm", "Hồ Chí Minh"), ("hn", "Hà Nội")):
        hit = table.get(fold(short))
        if hit:
            table.setdefault(alias, hit)
    return table


@lru_cache(maxsize=8)
def _lookups(ctx: "Context"):
    return [_province_lookup(frame) for _, frame in ctx.provinces]


def _kind(raw: str, name: str) -> str:
    key = fold(raw)
    if any(key.startswith(k) for k in _ORG_KIND):
        return "organisation"
    if any(key.startswith(k) for k in _CITIZEN_KIND):
        return "citizen"
    folded = fold(name) + " "
    if folded.strip() and any(folded.startswith(w) for w in _ORG_WORDS):
        return "organisation"
    return "citizen" if folded.strip() else "unknown"


def _times(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(parsed times, True where a non-blank value is not a time)."""
    stripped = values.str.strip()
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    todo = stripped != ""
    for fmt in _TIME_FORMATS:
        if not todo.any():
            break
        got = pd.to_datetime(stripped[todo], format=fmt, errors="coerce")
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_convert("UTC").dt.tz_localize(None)
        got = got.astype("datetime64[us]")
        ok = got.notna()
        parsed.loc[ok[ok].index] = got[ok]
        todo = todo & parsed.isna()
    return parsed, todo


def process_chunk(records: pd.DataFrame, ctx: Context) -> dict[str, pd.DataFrame]:
    """``{"comments", "texts", "rejects"}`` for one chunk (see the module docstring).

    ``len(records) == len(comments) + len(rejects)`` always.
    """
    from ..comments.link import Citer

    records = records.reset_index(drop=True)
    text = records["text"].fillna("").astype(str)
    time, bad_time = _times(records["time"].fillna("").astype(str))
    reason = records["problem"].fillna("").astype(str).copy()
    reason[(reason == "") & (text.str.strip() == "")] = "không có nội dung góp ý"
    reason[(reason == "") & bad_time] = "thời gian gửi không đọc được: " + records["time"][bad_time]
    bad = reason != ""
    rejects = pd.DataFrame({"row": records["row"][bad], "line": records["line"][bad],
                            "reason": reason[bad]}).reset_index(drop=True)
    keep = records[~bad].reset_index(drop=True)
    time = time[~bad].reset_index(drop=True)
    text = keep["text"].astype(str).str.strip()

    # kind and name: an organisation keeps its name, a citizen's name only masks
    kind_pairs = pd.MultiIndex.from_arrays([keep["kind"], keep["name"].str[:40]]).unique()
    kind_map = {pair: _kind(*pair) for pair in kind_pairs}
    kinds = pd.Series([kind_map[p] for p in zip(keep["kind"], keep["name"].str[:40])], dtype=str)
    names = keep["name"].fillna("").astype(str).str.strip()

    # 2. masking, on distinct raw texts; then each citizen's own name
    codes, uniques = pd.factorize(text)
    masked_unique = np.array([mask_text(t) for t in uniques], dtype=object)
    masked = masked_unique[codes]
    with_name = np.flatnonzero((names != "").to_numpy())
    for i in with_name:
        masked[i] = mask_name(masked[i], names.iat[i])
    masked = pd.Series(masked, dtype=str)

    # 3-4. normalise; stance and citations per distinct masked text (a row's result depends
    # on its own text only, never on which chunk it fell in); signatures per distinct norm
    mcodes, muniques = pd.factorize(masked)
    muniques = list(muniques)
    norms_of_masked = [fold(t) for t in muniques]
    ncodes, norms = pd.factorize(pd.Series(norms_of_masked, dtype=str))
    citer = Citer(ctx.clauses)
    m_stance = np.array([classify_stance(t) for t in muniques], dtype=object)
    m_cited = [citer(t)[0] if _MAY_CITE.search(t) else () for t in muniques]
    # representative of a norm: its smallest masked text (the same whatever the chunking)
    best = pd.Series(muniques, dtype=str).groupby(ncodes).idxmin().to_numpy() if len(muniques) \
        else np.empty(0, dtype=int)
    hashes = np.array([text_hash(n) for n in norms], dtype=np.int64)
    sigs = minhash.signatures(list(norms))
    texts = pd.DataFrame({
        "text_hash": hashes, "norm": list(norms), "text": [muniques[i] for i in best],
        "words": np.array([n.count(" ") + 1 if n else 0 for n in norms], dtype=np.int32),
        "stance": [m_stance[i] for i in best], "clause_ids": [list(m_cited[i]) for i in best],
        "sig": minhash.to_bytes(sigs)})
    row_hash = hashes[ncodes[mcodes]] if len(mcodes) else np.empty(0, dtype=np.int64)

    # 5. the part of the draft named in its own column
    part = keep["part"].fillna("").astype(str).str.strip()
    pcodes, puniques = pd.factorize(part)
    part_ids = [citer.column(p)[0] if p else () for p in puniques]
    clause_ids = []
    for m, p in zip(mcodes, pcodes):
        ids = m_cited[m]
        extra = part_ids[p]
        clause_ids.append(list(dict.fromkeys(extra + ids)) if extra else list(ids))

    # 6. provinces valid on each comment's date
    province_raw = keep["province"].fillna("").astype(str).str.strip()
    lookups = _lookups(ctx)
    dates = [np.datetime64(d) for d, _ in ctx.provinces]
    if dates:
        which = np.searchsorted(np.array(dates, dtype="datetime64[us]"),
                                time.fillna(pd.Timestamp(dt.date.today())).to_numpy(), side="right") - 1
        which = np.clip(which, 0, len(dates) - 1)
    else:
        which = np.zeros(len(keep), dtype=int)
    pairs = pd.MultiIndex.from_arrays([which, province_raw])
    pair_codes, pair_uniques = pd.factorize(pairs)
    resolved = [lookups[w].get(fold(raw), ("", "")) if lookups and raw else ("", "")
                for w, raw in pair_uniques]
    prov_code = [resolved[c][0] for c in pair_codes]
    prov_name = [resolved[c][1] for c in pair_codes]

    is_org = (kinds == "organisation").to_numpy()
    comments = pd.DataFrame({
        "row": keep["row"].astype("int64"), "line": keep["line"].astype("int64"),
        "source_id": keep["source_id"].astype(str), "time": time,
        "kind": kinds, "province_code": pd.Series(prov_code, dtype=str),
        "province": pd.Series(prov_name, dtype=str), "province_raw": province_raw,
        "organisation": pd.Series(np.where(is_org, names, ""), dtype=str),
        "has_name": (names != "").to_numpy(), "part": part, "text": masked,
        "text_hash": row_hash, "stance": pd.Series(m_stance[mcodes] if len(mcodes) else [], dtype=str),
        "clause_ids": clause_ids,
    })
    return {"comments": comments, "texts": texts, "rejects": rejects}
