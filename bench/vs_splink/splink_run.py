#!/usr/bin/env python3
"""Runs one dataset through Splink (DuckDB backend) with settings translated
from a Linkage config (configs/*.json), and reports phase timings, peak memory
and pairwise F1 against ground truth as JSON.

The translation is deliberately mechanical so that both tools see the same
blocking rules, comparison levels and training settings; every place where
Splink cannot express a Linkage feature exactly is listed in README.md.

Usage:
  splink_run.py --config configs/febrl.json --input data/febrl/dataset3.csv \
      --truth-id-regex 'rec-(\\d+)-' --out runs/febrl3/splink.json
  splink_run.py --config configs/fake_1000.json --input data/splink/fake_1000.csv \
      --truth-column cluster --out runs/fake_1000/splink.json

Phases (seconds, wall clock): prepare (read CSV + cleaning + derived blocking
columns), train (lambda, u, EM), predict, cluster (connected components at
match probability 0.95), end_to_end (prepare + train + predict + cluster +
writing the clusters CSV; evaluation excluded). Peak memory is this
process's maximum resident set size (Python + DuckDB) after each phase.
"""

import argparse
import json
import logging
import os
import resource
import sys
import time

import duckdb
import jellyfish
from metaphone import doublemetaphone
from splink import DuckDBAPI, Linker, SettingsCreator
import splink.comparison_level_library as cll
import splink.comparison_library as cl

CLUSTER_THRESHOLD = 0.95


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def q(name):
    """Quotes an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(s):
    return "'" + s.replace("'", "''") + "'"


# --------------------------------------------------------------------------
# Cleaning: one DuckDB SQL expression per Linkage normaliser. These follow the
# main rules of Linkage's normalisers (upper case, punctuation to spaces,
# dates parsed to ISO, postcode/NHS number validation) in plain SQL, as a
# Splink user would write them; see README.md for what they leave out.
# --------------------------------------------------------------------------

def _text(x, letters_only=False):
    keep = "A-Z" if letters_only else "A-Z0-9"
    return (f"nullif(trim(regexp_replace(regexp_replace(upper(strip_accents({x})), "
            f"'[''’]', '', 'g'), '[^{keep}]+', ' ', 'g')), '')")


_PIVOT = time.localtime().tm_year % 100 + 1

_DATE_FORMATS = {
    "iso": ["%Y-%m-%d", "%Y/%m/%d"],
    "yyyymmdd": ["%Y%m%d"],
    "dmy": ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"],
    "mdy": ["%m/%d/%Y"],
    "ddmmyyyy": ["%d%m%Y"],
    "text": ["%d %B %Y", "%d %b %Y", "%d-%b-%Y"],
}


# The commonest street-type abbreviations (Linkage expands a longer table and
# reads ST as SAINT at the start of a line).
_ADDRESS_ABBREVIATIONS = [
    ("RD", "ROAD"), ("ST", "STREET"), ("AVE?", "AVENUE"), ("CRES", "CRESCENT"),
    ("GDNS", "GARDENS"), ("CL", "CLOSE"), ("DR", "DRIVE"), ("LN", "LANE"),
    ("PL", "PLACE"), ("CT", "COURT"), ("SQ", "SQUARE"), ("TERR?", "TERRACE"),
]


def clean_expr(x, spec):
    kind = spec.get("normaliser", "text")
    if kind in ("given_name", "family_name", "full_name"):
        t = _text(x, letters_only=True)
        # Leading titles, as Linkage removes them.
        return (f"nullif(trim(regexp_replace({t}, "
                f"'^((MR|MRS|MS|MISS|MX|DR|PROF|SIR|REV) )+', '')), '')")
    if kind == "address_line":
        out = _text(x)
        for abbr, full in _ADDRESS_ABBREVIATIONS:
            out = f"regexp_replace({out}, '\\b{abbr}\\b', '{full}', 'g')"
        return out
    if kind == "text":
        return _text(x)
    if kind == "date":
        listed = spec.get("formats", ["iso", "yyyymmdd", "dmy", "text"])
        # Linkage tries iso after the listed formats.
        order = listed + ([] if "iso" in listed else ["iso"])
        tried = []
        v = f"trim({x})"
        for f in order:
            if f in ("dmy", "mdy"):
                # d/m/yy or d/m/yyyy; two-digit years pivot as Linkage's default
                # (yy < this year's yy + 1 -> 20yy, else 19yy).
                pat = "'^(\\d{1,2})[/.\\- ](\\d{1,2})[/.\\- ](\\d{2}|\\d{4})$'"
                a, b, y = (f"regexp_extract({v}, {pat}, {i})" for i in (1, 2, 3))
                year = (f"CASE WHEN length({y}) = 2 THEN CAST({y} AS INTEGER) + "
                        f"CASE WHEN CAST({y} AS INTEGER) < {_PIVOT} THEN 2000 ELSE 1900 END "
                        f"ELSE CAST(nullif({y}, '') AS INTEGER) END")
                day, month = (a, b) if f == "dmy" else (b, a)
                tried.append(f"try(make_date({year}, CAST(nullif({month}, '') AS INTEGER), "
                             f"CAST(nullif({day}, '') AS INTEGER)))")
            else:
                guard = {"iso": "^\\d{4}[-/]", "yyyymmdd": "^\\d{8}$",
                         "ddmmyyyy": "^\\d{8}$"}.get(f, "^\\d{1,2} [A-Za-z]")
                tried += [f"CASE WHEN regexp_matches({v}, {lit(guard)}) THEN "
                          f"try_strptime({v}, {lit(fmt)})::DATE END"
                          for fmt in _DATE_FORMATS[f]]
        return f"strftime(coalesce({', '.join(tried)}), '%Y-%m-%d')"
    if kind == "email":
        v = f"lower(trim({x}))"
        return (f"CASE WHEN regexp_full_match({v}, "
                f"'[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+') THEN {v} END")
    if kind == "nhs_number":
        d = f"regexp_replace(trim({x}), '[ -]', '', 'g')"
        weights = " + ".join(
            f"{10 - i} * CAST(substr({d}, {i + 1}, 1) AS INTEGER)" for i in range(9))
        check = f"(11 - (({weights}) % 11)) % 11"
        return (f"CASE WHEN regexp_full_match({d}, '[0-9]{{10}}') "
                f"AND {d} NOT IN ('0000000000', '9999999999') "
                f"AND {check} = CAST(substr({d}, 10, 1) AS INTEGER) THEN {d} END")
    if kind == "sex":
        v = f"lower(trim({x}))"
        return (f"CASE WHEN {v} IN ('m', 'male', '1', 'man', 'boy') THEN 'male' "
                f"WHEN {v} IN ('f', 'female', '2', 'woman', 'girl') THEN 'female' "
                f"WHEN {v} IN ('9', 'i', 'o', 'other', 'indeterminate') THEN 'other' END")
    if kind == "uk_postcode":
        v = f"regexp_replace(upper({x}), '\\s', '', 'g')"
        return (f"CASE WHEN regexp_full_match({v}, "
                f"'[A-Z]{{1,2}}[0-9][A-Z0-9]?[0-9][A-Z]{{2}}') "
                f"THEN substr({v}, 1, length({v}) - 3) || ' ' || right({v}, 3) END")
    if kind == "phone":
        d = f"regexp_replace({x}, '[^0-9+]', '', 'g')"
        n = (f"CASE WHEN starts_with({d}, '+44') THEN '0' || substr({d}, 4) "
             f"WHEN starts_with({d}, '0044') THEN '0' || substr({d}, 5) "
             f"WHEN starts_with({d}, '44') AND length({d}) = 12 THEN '0' || substr({d}, 3) "
             f"ELSE {d} END")
        return f"CASE WHEN regexp_full_match({n}, '0[0-9]{{9,10}}') THEN {n} END"
    return _text(x)


# Parts of normalised values, as SQL over the cleaned column (Linkage keeps
# them as dictionary parts).
def part_expr(x, kind, part):
    if kind == "date":
        return {"year": f"substr({x}, 1, 4)", "month": f"substr({x}, 6, 2)",
                "day": f"substr({x}, 9, 2)"}[part]
    if kind == "email":
        return {"local": f"split_part({x}, '@', 1)",
                "domain": f"split_part({x}, '@', 2)"}[part]
    if kind == "uk_postcode":
        return {"outward": f"split_part({x}, ' ', 1)",
                "inward": f"split_part({x}, ' ', 2)",
                "area": f"regexp_extract({x}, '^[A-Z]+')",
                "district": f"regexp_extract({x}, '^[A-Z]+[0-9]+')",
                "sub_district": f"regexp_extract({x}, '^[A-Z]+[0-9][A-Z](?= )')",
                "sector": f"substr({x}, 1, length({x}) - 2)",
                "unit": x}[part]
    if kind in ("given_name", "full_name"):
        # canonical_first: Linkage maps nicknames to a canonical name only when
        # the column has "variants"; Splink gets the first name (README.md).
        return {"first": f"split_part({x}, ' ', 1)",
                "canonical_first": f"split_part({x}, ' ', 1)",
                "middle": f"nullif(regexp_extract({x}, ' (.*)$', 1), '')"}[part]
    if kind == "family_name":
        return {"first_part": f"split_part({x}, ' ', 1)",
                "last_part": f"regexp_extract({x}, '[^ ]+$')",
                "joined": f"replace({x}, ' ', '')"}[part]
    if kind == "phone":
        return {"national_number": f"substr({x}, 2)", "country_code": "'44'"}[part]
    raise ValueError(f"no SQL for part {part!r} of a {kind} column")


PHONETIC = {
    "soundex": lambda v: jellyfish.soundex(v),
    "double_metaphone": lambda v: doublemetaphone(v)[0],
    "double_metaphone_alternate": lambda v: doublemetaphone(v)[1],
    "nysiis": lambda v: jellyfish.nysiis(v),
}


class Translator:
    """Linkage config -> Splink settings, blocking rules and derived columns."""

    def __init__(self, config):
        self.config = config
        self.columns = config["columns"]
        self.derived = set()  # (column, phonetic transform)

    def kind(self, column):
        return self.columns[column].get("normaliser", "text")

    def key_expr(self, key, side):
        col = key["column"]
        x = f"{side}.{q(col)}"
        t = key.get("transform", "exact")
        if t == "exact":
            return x
        if t == "first_chars":
            return f"substr({x}, 1, {int(key['n'])})"
        if t in PHONETIC:
            self.derived.add((col, t))
            return f"{side}.{q(col + '__' + t)}"
        if t == "month_day":
            return f"substr({x}, 6, 5)"
        return part_expr(x, self.kind(col), t)

    def rule_sql(self, rule):
        return " AND ".join(
            f"{self.key_expr(k, 'l')} = {self.key_expr(k, 'r')}" for k in rule)

    def level(self, col, level):
        if level.get("null") or level.get("is_null_level"):
            return cll.NullLevel(col)
        if level.get("else"):
            return cll.ElseLevel()
        comp = level["comparator"]
        l, r = q(col + "_l"), q(col + "_r")
        kind = self.kind(col)
        tf = level.get("tf_adjustment_column")
        out = None
        if comp == "exact":
            out = cll.ExactMatchLevel(col, term_frequency_adjustments=bool(tf))
            if tf and tf != col:
                out = cll.CustomLevel(f"{l} = {r}", "Exact match").configure(
                    tf_adjustment_column=tf)
        elif comp == "reversed":
            out = cll.ColumnsReversedLevel(col, level["other"], symmetrical=True)
        elif comp == "jaro_winkler":
            out = cll.JaroWinklerLevel(col, level["min"])
        elif comp == "jaro":
            out = cll.JaroLevel(col, level["min"])
        elif comp == "levenshtein":
            out = cll.LevenshteinLevel(col, int(level["max"]))
        elif comp in ("damerau_levenshtein", "osa"):
            out = cll.DamerauLevenshteinLevel(col, int(level["max"]))
        elif comp == "jaccard":
            out = cll.JaccardLevel(col, level["min"])
        elif comp == "date_within":
            for unit, metric in (("days", "day"), ("months", "month"), ("years", "year")):
                if unit in level:
                    out = cll.AbsoluteDateDifferenceLevel(
                        col, input_is_string=True, threshold=level[unit], metric=metric)
        elif comp == "day_month_swap":
            out = cll.CustomLevel(
                f"substr({l},1,4) = substr({r},1,4) AND substr({l},6,2) = substr({r},9,2) "
                f"AND substr({l},9,2) = substr({r},6,2) AND {l} <> {r}",
                "Day and month swapped")
        elif comp == "part_exact":
            pl, pr = part_expr(l, kind, level["part"]), part_expr(r, kind, level["part"])
            out = cll.CustomLevel(f"nullif({pl}, '') = {pr}", f"Exact {level['part']}")
        elif comp in ("soundex", "double_metaphone", "nysiis"):
            self.derived.add((col, comp))
            cl_, cr_ = q(f"{col}__{comp}_l"), q(f"{col}__{comp}_r")
            out = cll.CustomLevel(f"nullif({cl_}, '') = {cr_}", comp)
        elif comp == "postcode":
            part = level.get("level", "unit")
            pl, pr = part_expr(l, "uk_postcode", part), part_expr(r, "uk_postcode", part)
            out = cll.CustomLevel(f"nullif({pl}, '') = {pr}", f"Postcode {part}")
        elif comp == "identifier_typo":
            # Linkage: one substitution or one adjacent transposition, same length.
            out = cll.CustomLevel(
                f"length({l}) = length({r}) AND damerau_levenshtein({l}, {r}) <= 1",
                "One substitution or adjacent transposition")
        elif comp == "token_jaccard":
            wl = f"list_distinct(string_split({l}, ' '))"
            wr = f"list_distinct(string_split({r}, ' '))"
            out = cll.CustomLevel(
                f"len(list_intersect({wl}, {wr})) >= "
                f"{level['min']} * len(list_distinct(list_concat({wl}, {wr})))",
                f"Word Jaccard >= {level['min']}")
        elif comp == "token_overlap":
            out = cll.CustomLevel(
                f"list_has_any(string_split({l}, ' '), string_split({r}, ' '))",
                "Shares a word")
        elif comp == "numeric_abs":
            out = cll.AbsoluteDifferenceLevel(col, level["max"])
        else:
            raise ValueError(f"comparator {comp!r} has no Splink translation")
        if tf and comp != "exact":
            out = out.configure(tf_adjustment_column=tf)
        extra = {}
        if "tf_adjustment_weight" in level:
            extra["tf_adjustment_weight"] = level["tf_adjustment_weight"]
        if "tf_minimum_u_value" in level:
            extra["tf_minimum_u_value"] = level["tf_minimum_u_value"]
        if extra:
            out = out.configure(**extra)
        return out

    def comparisons(self):
        out = []
        for c in self.config["comparisons"]:
            col = c["output_column_name"]
            levels = [self.level(c.get("column", col), lv) for lv in c["comparison_levels"]]
            out.append(cl.CustomComparison(comparison_levels=levels, output_column_name=col))
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--truth-column")
    ap.add_argument("--truth-id-regex")
    ap.add_argument("--out", required=True, help="JSON results file")
    ap.add_argument("--clusters-out", help="clusters CSV (default beside --out)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    logging.getLogger("splink").setLevel(logging.WARNING)

    with open(args.config) as f:
        config = json.load(f)
    training = config.get("training", {})
    uid = config["unique_id_column"]
    tr = Translator(config)
    phases = []
    t_start = time.perf_counter()

    def phase(name, t0):
        phases.append({"phase": name, "seconds": time.perf_counter() - t0,
                       "peak_memory_mib": peak_mib()})

    # --- prepare -----------------------------------------------------------
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    delim = config.get("input", {}).get("delimiter", ",")
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv({lit(args.input)}, "
                f"header = true, all_varchar = true, delim = {lit(delim)})")
    raw_cols = {c.strip(): c for c in
                [r[0] for r in con.execute("DESCRIBE raw").fetchall()]}
    truth_expr = "NULL"
    if args.truth_column:
        truth_expr = f"nullif(trim({q(raw_cols[args.truth_column])}), '')"
    elif args.truth_id_regex:
        truth_expr = (f"nullif(regexp_extract(trim({q(raw_cols[uid])}), "
                      f"{lit(args.truth_id_regex)}, 1), '')")
    selects = [f"trim({q(raw_cols[uid])}) AS {q(uid)}", f"{truth_expr} AS __truth"]
    for col, spec in config["columns"].items():
        selects.append(f"{clean_expr(q(raw_cols[col]), spec)} AS {q(col)}")
    con.execute(f"CREATE TABLE clean AS SELECT {', '.join(selects)} FROM raw")
    con.execute("DROP TABLE raw")
    # Translate everything first so that derived phonetic columns are known.
    prediction_rules = [tr.rule_sql(r) for r in config["blocking_rules_to_generate_predictions"]]
    deterministic = [tr.rule_sql(r) for r in training.get("deterministic_rules", [])]
    em_rules = [tr.rule_sql(r) for r in training.get(
        "em_blocking_rules", config["blocking_rules_to_generate_predictions"])]
    comparisons = tr.comparisons()
    # Phonetic codes (DuckDB has none): computed once per distinct value.
    for col, t in sorted(tr.derived):
        name = f"{col}__{t}"
        values = [r[0] for r in con.execute(
            f"SELECT DISTINCT {q(col)} FROM clean WHERE {q(col)} IS NOT NULL").fetchall()]
        fn = PHONETIC[t]
        codes = [(v, fn(v) or None) for v in values]
        con.execute("CREATE TEMP TABLE codes AS SELECT unnest($1::VARCHAR[]) AS v, "
                    "unnest($2::VARCHAR[]) AS c",
                    [[v for v, _ in codes], [c for _, c in codes]])
        con.execute(f"CREATE TABLE clean2 AS SELECT clean.*, codes.c AS {q(name)} "
                    f"FROM clean LEFT JOIN codes ON clean.{q(col)} = codes.v")
        con.execute("DROP TABLE clean; ALTER TABLE clean2 RENAME TO clean; DROP TABLE codes")
    num_records = con.execute("SELECT count(*) FROM clean").fetchall()[0][0]
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register("clean", dataset_display_name="clean")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name=uid,
        blocking_rules_to_generate_predictions=prediction_rules,
        comparisons=comparisons,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["__truth"],
        max_iterations=training.get("em_max_iterations", 25),
        em_convergence=training.get("em_convergence", 1e-4),
    )
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    phase("prepare", t0)

    # --- train -------------------------------------------------------------
    t0 = time.perf_counter()
    if deterministic:
        linker.training.estimate_probability_two_random_records_match(
            deterministic, recall=training.get("recall", 0.9))
    linker.training.estimate_u_using_random_sampling(
        max_pairs=training.get("max_pairs_for_u", 10_000_000),
        seed=training.get("seed", 42),
        min_count_per_level=training.get("min_u_observations", 100))
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    phase("train", t0)

    # --- predict -----------------------------------------------------------
    t0 = time.perf_counter()
    df_predict = linker.inference.predict()
    phase("predict", t0)

    # --- cluster -----------------------------------------------------------
    t0 = time.perf_counter()
    df_clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        df_predict, CLUSTER_THRESHOLD)
    clusters_out = args.clusters_out or os.path.join(
        os.path.dirname(os.path.abspath(args.out)), "splink_clusters.csv")
    con.execute(f"COPY (SELECT cluster_id, {q(uid)} FROM {df_clusters.physical_name}) "
                f"TO {lit(clusters_out)} (HEADER)")
    phase("cluster", t0)
    end_to_end = time.perf_counter() - t_start
    end_to_end_peak = peak_mib()

    # --- evaluate (not timed in end_to_end) ---------------------------------
    pred = df_predict.physical_name
    true_pairs = con.execute(
        "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM "
        "(SELECT count(*) AS n FROM clean WHERE __truth IS NOT NULL GROUP BY __truth)"
    ).fetchall()[0][0]
    scored = f"""
      SELECT p.match_probability AS p, p.match_weight AS w,
             (p.__truth_l IS NOT NULL AND p.__truth_l = p.__truth_r)::INTEGER AS t
      FROM {pred} p"""
    best = con.execute(f"""
      WITH g AS (SELECT w, any_value(p) AS p, count(*) AS n, sum(t) AS tp
                 FROM ({scored}) GROUP BY w),
           c AS (SELECT w, p, sum(n) OVER (ORDER BY w DESC) AS cn,
                        sum(tp) OVER (ORDER BY w DESC) AS ctp FROM g)
      SELECT w, p, cn, ctp, 2.0 * ctp / (cn + {true_pairs}) AS f1
      FROM c ORDER BY f1 DESC LIMIT 1""").fetchall()[0]
    at = con.execute(f"""SELECT count(*), coalesce(sum(t), 0) FROM ({scored})
                         WHERE p >= {CLUSTER_THRESHOLD}""").fetchall()[0]
    num_pairs = con.execute(f"SELECT count(*) FROM {pred}").fetchall()[0][0]
    true_in_candidates = con.execute(f"SELECT coalesce(sum(t), 0) FROM ({scored})").fetchall()[0][0]

    def prf(tp, predicted):
        precision = tp / predicted if predicted else 0.0
        recall = tp / true_pairs if true_pairs else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"f1": f1, "precision": precision, "recall": recall,
                "true_positives": int(tp), "predicted_pairs": int(predicted)}

    # Cluster-implied pairs at the threshold, scored the same way.
    ctp, cpred = con.execute(f"""
      WITH c AS (SELECT k.cluster_id, s.__truth FROM {df_clusters.physical_name} k
                 JOIN clean s ON s.{q(uid)} = k.{q(uid)})
      SELECT (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM
                (SELECT count(*) n FROM c WHERE __truth IS NOT NULL
                 GROUP BY cluster_id, __truth)),
             (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM
                (SELECT count(*) n FROM c GROUP BY cluster_id))""").fetchall()[0]
    evaluation = {
        "true_pairs": int(true_pairs),
        "candidate_pairs": int(num_pairs),
        "true_pairs_in_candidates": int(true_in_candidates),
        "best_f1": dict(prf(best[3], best[2]), match_weight=best[0],
                        match_probability=best[1]) if best else prf(0, 0),
        "at_match_threshold": dict(prf(at[1], at[0]), match_probability=CLUSTER_THRESHOLD),
        "clusters": prf(ctp, cpred),
    }
    result = {
        "tool": "splink",
        "splink_version": __import__("splink").__version__,
        "duckdb_version": duckdb.__version__,
        "threads": args.threads,
        "records": int(num_records),
        "phases": phases,
        "end_to_end_seconds": end_to_end,
        "peak_memory_mib": end_to_end_peak,
        "model": {"probability_two_random_records_match":
                  linker._settings_obj._probability_two_random_records_match},
        "blocking_rules": prediction_rules,
        "evaluation": evaluation,
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    # The trained Splink model beside the result, to compare parameters level
    # by level with Linkage's model.json.
    try:
        linker.misc.save_model_to_json(
            os.path.splitext(args.out)[0] + "_model.json", overwrite=True)
    except Exception as error:  # noqa: BLE001 - diagnostics only
        print(f"could not save the Splink model: {error}", file=sys.stderr)
    print(json.dumps({"records": num_records, "end_to_end_seconds": round(end_to_end, 2),
                      "best_f1": round(evaluation["best_f1"]["f1"], 4)}))


if __name__ == "__main__":
    sys.exit(main())
