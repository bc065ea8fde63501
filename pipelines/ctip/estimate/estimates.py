"""mart_estimates: every member x year x indicator total, and the victims_detected breakdowns by sex
and by form of exploitation, as reported where reported and estimated with a 95% interval elsewhere;
plus the simulation draws behind them, which the regional totals add up."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ctip.contracts import columns
from ctip.estimate import crossed, sim_cache
from ctip.estimate.fit_pool import fit_models
from ctip.estimate.model import allocate_parts, fit_share_model, simulate_totals
from ctip.estimate.panel import BREAKDOWNS, INDICATORS, build_panel
from ctip.estimate.rules import INCONSISTENT_FLAG, WITHHELD, estimation_settings
from ctip.estimate.unreported import model_from_other_indicators
from ctip.schema import load_schema
from ctip.warehouse.cells import is_total_row

ESTIMATE_COLUMNS = columns("mart_estimates")  # schemas/tables.yaml
DRAW_COLUMNS = ["country_iso3", "year", "indicator", "sex", "exploitation", "draw", "value"]
# basis of a total (see model.simulate_totals) -> SDMX NATURE and method
TOTAL_METHOD = {
    "reported": ("C", "reported"),
    "suppressed": ("E", "eb_negbin_censored"),
    "country": ("E", "eb_negbin_country_effect"),
    "region": ("M", "regional_model"),
    "region_no_population": ("M", "regional_model_typical_population"),
    "other_indicators": ("M", "regional_model_other_indicators"),
    "none": ("M", "no_estimate"),
}
PART_METHOD = "dirichlet_multinomial_share_of_total"
WITHHELD_NOTE = "the country reported this figure and the public files withhold it; estimated as they show it, without the figure"
SUPPRESSED_NOTE = "suppressed (<5) count; estimate conditional on the count lying from"
TOTAL = load_schema().total_code


def _what(indicator: str, sex: str = TOTAL, exploitation: str = TOTAL) -> str:
    """The figure in words: 'female victims detected', 'victims detected for forced labour'."""
    schema = load_schema()
    words = schema.indicators[indicator].names["en"].lower()
    if sex != TOTAL:
        words = f"{schema.dimensions['sex'].codes[sex].names['en'].lower()} {words}"
    if exploitation != TOTAL:
        words = f"{words} for {schema.dimensions['exploitation'].codes[exploitation].names['en'].lower()}"
    return words


def _reported_note(flag, derived_from: str = "") -> str:
    """A reported figure stays as reported; a warehouse flag on it (e.g. inconsistent_total) is
    passed on, not fixed. A part the country reported only crossed with another dimension (female
    children + female adults) says so."""
    note = "reported by the country"
    if derived_from:
        names = [load_schema().dimensions[d].names["en"].lower() for d in derived_from.split(",")]
        note += f", as the sum of its parts by {' and by '.join(names)}"
    return note + (f"; flagged {flag}" if isinstance(flag, str) and flag else "")


def _total_notes(cells: pd.DataFrame, basis: np.ndarray, indicator: str, years: str) -> list[str]:
    what = f"expected number of {_what(indicator)} recorded in the year, not prevalence"
    notes = []
    for row, b in zip(cells.itertuples(index=False), basis):
        narrowed = row.status != "reported" and (row.lo > 0 or np.isfinite(row.hi))
        bounds = (
            ""
            if not narrowed
            else f"; its reported breakdown puts it at {row.lo:.0f} or more"
            if np.isinf(row.hi)
            else f"; its reported breakdown puts it at {row.lo:.0f}"
            if row.lo == row.hi
            else f"; its reported breakdown puts it between {row.lo:.0f} and {row.hi:.0f}"
        )
        if row.status != "reported" and row.flag == INCONSISTENT_FLAG:  # a `<5` below its parts (panel.py)
            bounds = f"; flagged {INCONSISTENT_FLAG}: reported as <5 below its reported parts, so estimated as not reported{bounds}"
        if b == "reported":
            notes.append(_reported_note(row.flag))
        elif b == "suppressed":
            notes.append(f"{SUPPRESSED_NOTE} {row.lo:.0f} to {row.hi:.0f}")
        elif b == "country" and np.isnan(row.population):
            notes.append(f"{what}; no population figure: level from the country's own reports alone, year pattern from the region{bounds}")
        elif b == "country":
            notes.append(f"{what}; from the country's own reports in other years, pulled towards the regional rate per head{bounds}")
        elif b == "region":
            notes.append(f"{what}; the country reported none: modelled from the regional rate per head and its population{bounds}")
        elif b == "other_indicators":
            notes.append(
                f"{what}; no member reported it in {years}: modelled from the other indicators' "
                f"levels per head and their spread between indicators (a wide interval)"
            )
        elif b == "region_no_population":
            notes.append(
                f"{what}; no population figure and no report: modelled as a member of the "
                f"reporters' typical population, with the region's spread between members"
            )
        else:
            notes.append(f"no member with a population figure reported {_what(indicator)} in {years}: no estimate")
    return notes


def _summarise(draws: np.ndarray, reported: np.ndarray) -> pd.DataFrame:
    """The estimate (the mean of the draws: the expected count, so that parts add up to their total
    and members to the region), the median, and the 95% interval from the draws' quantiles;
    reported cells are their value. A very skewed distribution can put the mean outside the
    quantiles: the interval is then widened to include it."""
    with np.errstate(all="ignore"):
        lower, median, upper = np.quantile(draws, [0.025, 0.5, 0.975], axis=1, method="inverted_cdf")
        estimate = np.where(reported, draws[:, 0], draws.mean(axis=1))
    median = np.where(reported, estimate, median)
    lower = np.where(reported, estimate, np.fmin(lower, estimate))
    upper = np.where(reported, estimate, np.fmax(upper, estimate))
    return pd.DataFrame({"estimate": estimate, "median": median, "lower_95": lower, "upper_95": upper})


def _withheld_rows(frame: pd.DataFrame, cells: pd.DataFrame, ceiling: np.ndarray) -> pd.DataFrame:
    """Rows (E/M) of cells whose reported figure the public files withhold (column WITHHELD, from
    ctip.export.model_inputs): estimated without the figure, as the public files show the cell,
    so the draws may lie away from it (I-J: DOM 2013 female victims reported 78, its total 300 and
    male `<5` drawn as 296-297, the parts taken to add up to the total, which the country's own
    figures do not). Their 95% interval is widened to every value the public files allow: from 0
    to the most the cell can be as they show it (4 for a small count; for a complement, no upper
    end), and for a part no more than its total when the country reported that total and it does
    not contradict its parts (`ceiling`; inf otherwise). The estimate and draws are the model's,
    so parts still add up and members to the region; the public files withhold these rows."""
    up_to = cells[WITHHELD].to_numpy(float)
    hit = ~np.isnan(up_to) & (frame["nature"] != "C").to_numpy() & ~np.isnan(frame["estimate"].to_numpy(float))
    if not hit.any():
        return frame
    upper = np.fmin(up_to, ceiling)
    frame = frame.copy()
    lower_95, upper_95 = frame["lower_95"].to_numpy(float), frame["upper_95"].to_numpy(float)
    frame["lower_95"] = np.where(hit, np.fmin(lower_95, 0.0), lower_95)
    frame["upper_95"] = np.where(hit, np.fmax(upper_95, upper), upper_95)
    bounds = [f"from 0 to {u:.0f}" if np.isfinite(u) else "from 0, with no upper end" for u in upper]
    words = [f"{WITHHELD_NOTE}: its interval is every value they allow ({b}); {note}" for b, note in zip(bounds, frame["note"])]
    frame["note"] = np.where(hit, words, frame["note"].to_numpy(object))
    return frame


def _part_ceiling(totals: pd.DataFrame) -> np.ndarray:
    """Per total row: its reported value when it bounds its parts (reported, and not flagged as
    smaller than its parts), else inf."""
    flag = totals["flag"].astype("string").fillna("")
    bounds = totals["status"].eq("reported").to_numpy() & ~flag.str.contains("inconsistent").to_numpy(dtype=bool)
    return np.where(bounds, totals["lo"].to_numpy(float), np.inf)


def _share_draws(share_model, countries: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """Shares (cells x draws x parts) from each country's Dirichlet posterior."""
    shares = np.empty((len(countries), n_draws, len(share_model.parts)))
    for country in np.unique(countries):
        rows = countries == country
        shares[rows] = rng.dirichlet(share_model.country_alpha(country), size=(rows.sum(), n_draws))
    return shares


def _breakdown(
    panel: pd.DataFrame,
    totals: pd.DataFrame,
    total_draws: tuple[np.ndarray, np.ndarray],
    total_basis: np.ndarray,
    indicator: str,
    dim: str,
    parts: tuple[str, ...],
    rng: np.random.Generator,
    side: np.random.Generator,
):
    """Rows and draws of one breakdown, its parts adding up to the total in every draw.
    total_draws: the totals' draws as the model drew them, and as held to what crossed cells say
    (crossed.hold_to_known). The parts are split from the first with `rng`, as they always were;
    cells where crossed cells say more (a part, or its total) are split again from `side`, so
    that every other cell keeps its draws."""
    drawn, held = total_draws
    n_draws = drawn.shape[1]
    part_rows = panel[(panel["indicator"] == indicator) & panel[dim].isin(parts)]
    by_part = [part_rows[part_rows[dim] == p].reset_index(drop=True) for p in parts]  # each in totals' order
    lo, hi, known_lo, known_hi = (np.stack([r[c].to_numpy(float) for r in by_part], axis=1) for c in ("lo", "hi", "known_lo", "known_hi"))
    countries = totals["country_iso3"].to_numpy()
    share_model = fit_share_model(part_rows, parts, dim)
    reported = np.where(known_lo == known_hi, known_lo, np.nan)[:, None, :]
    draws = np.repeat(reported, n_draws, axis=1)  # reported parts are their value; the rest is filled below
    inconsistent = np.zeros(len(totals), dtype=bool)
    known = ~np.isnan(drawn).any(axis=1)
    if known.any():
        shares = _share_draws(share_model, countries[known], n_draws, rng)
        draws[known], inconsistent[known] = allocate_parts(drawn[known], lo[known], hi[known], shares, rng)
    again = known & ((held != drawn).any(axis=1) | np.stack([crossed.changed(r) for r in by_part], axis=1).any(axis=1))
    if again.any():
        shares = _share_draws(share_model, countries[again], n_draws, side)
        draws[again], inconsistent[again] = allocate_parts(held[again], known_lo[again], known_hi[again], shares, side)
    by_part = [r.assign(lo=r["known_lo"], hi=r["known_hi"], status=r["known_status"]) for r in by_part]
    # a breakdown that cannot add up either has reported parts above the total (a contradiction)
    # or reported parts that leave victims out (of unknown sex or form: in no part, attack3 H-L)
    with np.errstate(all="ignore"):
        short = inconsistent & ((held - draws.sum(axis=2)).mean(axis=1) > 0)
    dim_words = load_schema().dimensions[dim].names["en"].lower()
    frames, draw_blocks = [], []
    modelled = np.isin(total_basis, ["region", "region_no_population", "other_indicators", "none"])
    for j, (part, cells) in enumerate(zip(parts, by_part)):
        part_draws = draws[:, :, j]
        frame = cells[["country_iso3", "year", "indicator", "sex", "exploitation"]].copy()
        frame = pd.concat([frame, _summarise(part_draws, (cells["status"] == "reported").to_numpy())], axis=1)
        status = cells["status"].to_numpy()
        frame["nature"] = np.select([status == "reported", modelled & (status == "missing")], ["C", "M"], "E")
        frame["method"] = np.where(status == "reported", "reported", np.where(total_basis == "none", "no_estimate", PART_METHOD))
        sex, exploitation = (part, TOTAL) if dim == "sex" else (TOTAL, part)
        what = f"expected number of {_what(indicator, sex, exploitation)}"
        split = "the total's draws split by the country's shares (its own breakdowns pulled towards the region's)"
        suppressed = [f"{SUPPRESSED_NOTE} {a:.0f} to {b:.0f}; {split}" for a, b in zip(cells["lo"], cells["hi"])]
        notes = np.where(status == "suppressed", suppressed, f"{what}, not prevalence; {split}").astype(object)
        notes = np.where(
            inconsistent,
            np.where(
                short,
                notes + f"; the reported parts leave victims of unknown {dim_words} out (in no part), so the parts add up to less than the total",
                notes + "; the reported figures of this breakdown contradict each other (its parts add up to more than the total)",
            ),
            notes + ", so the parts add up to the total",
        )
        notes = np.where(status == "reported", [_reported_note(f, d) for f, d in zip(cells["flag"], cells["derived_from"])], notes)
        frame["note"] = np.where((total_basis == "none") & (status != "reported"), "no estimate of the total, so none of its parts", notes)
        frames.append(_withheld_rows(frame, cells, _part_ceiling(totals)))
        draw_blocks.append(part_draws)
    return frames, draw_blocks


def _long_draws(keys: pd.DataFrame, draws: np.ndarray) -> pd.DataFrame:
    n_draws = draws.shape[1]
    out = {}
    for column in DRAW_COLUMNS[:5]:
        if column == "year":
            out[column] = np.repeat(keys[column].to_numpy(), n_draws)
        else:  # repeat category codes, not 3 million strings
            codes, categories = pd.factorize(keys[column])
            out[column] = pd.Categorical.from_codes(np.repeat(codes, n_draws), categories)
    out["draw"] = np.tile(np.arange(n_draws), len(keys))
    out["value"] = draws.ravel()
    return pd.DataFrame(out)


def _simulate_indicator(panel, totals, model, borrowed, indicator: str, years: str, n_draws: int, rng: np.random.Generator, side: np.random.Generator):
    """One indicator's rows of mart_estimates (its total, then its breakdowns' parts) and their
    draws, drawn from `rng` in that order; `side` draws what crossed cells change (crossed.py)."""
    frames, blocks = [], []
    drawn, basis = simulate_totals(model or borrowed, totals, n_draws, rng)
    # what cells reported crossed with another dimension say (at least the children + adults
    # reported): the draws are held to it from a stream of their own (crossed.py)
    draws, _ = crossed.hold_to_known(drawn, totals["known_lo"].to_numpy(float), totals["known_hi"].to_numpy(float), side)
    if model is None:
        basis = np.where(np.isin(basis, ["region", "region_no_population"]), "other_indicators", basis)
    frame = totals[["country_iso3", "year", "indicator", "sex", "exploitation"]].copy()
    frame = pd.concat([frame, _summarise(draws, basis == "reported")], axis=1)
    frame["nature"] = [TOTAL_METHOD[b][0] for b in basis]
    frame["method"] = [TOTAL_METHOD[b][1] for b in basis]
    frame["note"] = _total_notes(totals.assign(lo=totals["known_lo"], hi=totals["known_hi"]), basis, indicator, years)
    frames.append(_withheld_rows(frame, totals, np.full(len(totals), np.inf)))
    blocks.append(draws)
    for dim, parts in BREAKDOWNS.get(indicator, {}).items():
        part_frames, part_blocks = _breakdown(panel, totals, (drawn, draws), basis, indicator, dim, parts, rng, side)
        frames += part_frames
        blocks += part_blocks
    return frames, blocks


def stream_key(seed: int, indicator: str) -> list[int]:
    """The entropy of an indicator's random streams: the run's seed and a stable hash of the
    indicator's code (the first 8 bytes of its SHA-256), so that an indicator draws the same numbers
    whatever the others are, their order, or what they drew."""
    return [int(seed), int.from_bytes(hashlib.sha256(indicator.encode("utf-8")).digest()[:8], "little")]


def indicator_streams(seed: int, indicator: str) -> tuple[np.random.Generator, np.random.Generator]:
    """(the stream an indicator's totals and parts are drawn from, the stream of what crossed cells
    change, crossed.py): two children of one SeedSequence keyed by stream_key."""
    main, side = np.random.SeedSequence(stream_key(seed, indicator)).spawn(2)
    return np.random.default_rng(main), np.random.default_rng(side)


@dataclass(frozen=True)
class Draws:
    """The simulation draws behind the estimates, wide: one row per estimates row (keys: its
    DRAW_COLUMNS[:5], in the same order) and one column per draw. The regional sums read this
    directly; the long table (build_estimates) is the same numbers, one row per draw."""

    keys: pd.DataFrame
    values: np.ndarray


def build_estimates(*args, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mart_estimates, draws). draws is long: one row per country_iso3, year, indicator, sex,
    exploitation and draw, with the simulated count (reported cells repeat their value).
    Arguments as simulate_estimates."""
    estimates, draws = simulate_estimates(*args, **kwargs)
    return estimates, _long_draws(draws.keys, draws.values)


def simulate_estimates(
    fact_observation: pd.DataFrame,
    population: pd.DataFrame,
    members: list[str],
    first_year: int = 2010,
    last_year: int | None = None,
    n_draws: int = 1000,
    seed: int = 16_2_2,
    cache_dir: Path | None = None,
    workers: int = 0,
) -> tuple[pd.DataFrame, Draws]:
    """(mart_estimates, the draws behind them, wide).
    cache_dir: where each indicator's fit (fit_cache) and simulation (sim_cache) are kept between
    runs (None: fit and simulate every time; the same numbers either way).
    workers: child processes fitting indicators beside this one (fit_pool; 0: none); the same
    numbers either way: the fits are deterministic and the simulation stays here.
    Each indicator is drawn from random streams of its own (indicator_streams: the seed and a
    hash of the indicator's code), so its numbers do not depend on the other indicators."""
    panel = build_panel(fact_observation, population, members, first_year, last_year)
    years = f"{panel['year'].min()}–{panel['year'].max()}"
    frames, blocks = [], []
    totals_of = {indicator: panel[(panel["indicator"] == indicator) & is_total_row(panel)].reset_index(drop=True) for indicator in INDICATORS}
    models = fit_models(totals_of, cache_dir, workers)
    # an indicator nobody reported still gets an interval, from the levels of the others
    unreported = estimation_settings()["unreported_indicator"]
    borrowed = model_from_other_indicators(
        [m for m in models.values() if m is not None], float(panel["year"].mean()), unreported["rate_per_100k"], unreported["log_sd"]
    )
    for indicator, totals in totals_of.items():
        model = models[indicator]
        # each indicator draws from streams of its own (indicator_streams), so one whose inputs are
        # unchanged draws the same numbers whatever the others did: its stored simulation is read
        entry = None
        if cache_dir is not None:
            rows = panel[panel["indicator"] == indicator]
            entry = sim_cache.key(stream_key(seed, indicator), model or borrowed, model is None, rows, n_draws, years)
            stored = sim_cache.load(cache_dir, entry)
            if stored is not None:
                frame, draws = stored
                frames.append(frame)
                blocks.append(draws)
                continue
        rng, side = indicator_streams(seed, indicator)
        indicator_frames, indicator_blocks = _simulate_indicator(panel, totals, model, borrowed, indicator, years, n_draws, rng, side)
        frames += indicator_frames
        blocks += indicator_blocks
        if entry is not None:
            sim_cache.store(cache_dir, entry, pd.concat(indicator_frames, ignore_index=True), np.concatenate(indicator_blocks))
    estimates = pd.concat(frames, ignore_index=True)
    estimates["age_group"] = TOTAL
    estimates["citizenship"] = TOTAL
    draws = Draws(estimates[DRAW_COLUMNS[:5]], np.concatenate(blocks))
    return estimates[ESTIMATE_COLUMNS], draws
