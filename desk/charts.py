"""The dashboard's charts: each is one table of figures (also its CSV export) drawn as an SVG by matplotlib."""
from __future__ import annotations

import csv
import logging
import io
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server
logging.getLogger("matplotlib.category").setLevel(logging.WARNING)  # date labels drawn as categories on purpose
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from store import analytics  # noqa: E402
from store.analytics_models import ConversationFacts  # noqa: E402

Cell = Optional[float]


@dataclass(frozen=True)
class Table:
    title: str
    columns: List[str]  # the first names the row labels
    rows: List[List[object]]
    kind: str = "bars"  # bars | stacked | lines
    unit: str = ""


def _pct(value: Optional[float]) -> Cell:
    return round(100 * value, 1) if value is not None else None


def _round(value: Optional[float]) -> Cell:
    return round(value, 2) if value is not None else None


def _per_period(facts: Sequence[ConversationFacts], period: str, title: str, columns: List[str],
                cells: Callable[[analytics.Totals], List[object]], kind: str, unit: str = "") -> Table:
    rows = [[start.isoformat(), *cells(t)] for start, t in analytics.by_period(facts, period).items()]
    return Table(title, ["период", *columns], rows, kind, unit)


_REASONS = list(analytics.REASONS)
Facts = Sequence[ConversationFacts]
# Every chart of the dashboard, by the name its URLs use; a chart's own URL builds only that chart.
_CHARTS: Dict[str, Callable[[Facts, str], Table]] = {
    "conversations": lambda facts, period: _per_period(
        facts, period, "Разговоры: без оператора, переданы, брошены", ["без оператора", "передан оператору", "брошен"],
        lambda t: [t.contained, t.handed_over, t.abandoned], "stacked"),
    "reasons": lambda facts, period: _per_period(
        facts, period, "Переданы оператору: причины", [analytics.REASONS[r] for r in _REASONS],
        lambda t: [t.reasons.get(r, 0) for r in _REASONS], "stacked"),
    "identification": lambda facts, period: _per_period(
        facts, period, "Идентификация: доля успешных, %", ["успешно, %", "попыток"],
        lambda t: [_pct(t.identification_rate), t.identification_attempts], "lines", "%"),
    "misunderstood": lambda facts, period: _per_period(
        facts, period, "«Не поняла»: доля сообщений клиента, %", ["«не поняла», %", "сообщений"],
        lambda t: [_pct(t.misunderstood_rate), t.user_messages], "lines", "%"),
    "ratings": lambda facts, period: _per_period(
        facts, period, "Оценка консультации: среднее", ["средняя оценка", "оценок"],
        lambda t: [_round(t.average_rating), len(t.ratings)], "lines"),
    "rating_distribution": lambda facts, _period: Table(
        "Оценки: распределение", ["оценка", "оценок"],
        [[str(score), n] for score, n in analytics.totals(facts).rating_distribution.items()], "bars"),
    "times": lambda facts, period: _per_period(
        facts, period, "Медиана: ожидание оператора и работа оператора, с", ["до оператора, с", "работа оператора, с"],
        lambda t: [_round(t.median_seconds_to_human), _round(t.median_handling_seconds)], "bars", "с"),
}


def tables(facts: Facts, period: str) -> Dict[str, Table]:
    """Every chart of the dashboard, by the name its URLs use."""
    return {name: build(facts, period) for name, build in _CHARTS.items()}


def table(name: str, facts: Facts, period: str) -> Optional[Table]:
    """One chart by its name (None if there is no such chart)."""
    build = _CHARTS.get(name)
    return build(facts, period) if build else None


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([["" if cell is None else cell for cell in row] for row in table.rows])
    return out.getvalue()


def _plotted_columns(table: Table) -> List[int]:
    """Lines show the rate only (its count column is for the CSV); bars and stacks show every column."""
    return [1] if table.kind == "lines" else list(range(1, len(table.columns)))


def svg(table: Table) -> str:
    labels = [str(row[0]) for row in table.rows]
    figure, axes = plt.subplots(figsize=(6.4, 3.2), dpi=96)
    try:
        bottom = [0.0] * len(labels)
        columns = _plotted_columns(table)
        width = 0.8 / (1 if table.kind == "stacked" else len(columns))
        for n, col in enumerate(columns):
            values = [float(row[col]) if row[col] is not None else 0.0 for row in table.rows]
            if table.kind == "lines":
                axes.plot(labels, [row[col] for row in table.rows], marker="o", label=table.columns[col])
            elif table.kind == "stacked":
                axes.bar(labels, values, bottom=bottom, label=table.columns[col])
                bottom = [b + v for b, v in zip(bottom, values)]
            else:
                positions = [i + (n - (len(columns) - 1) / 2) * width for i in range(len(labels))]
                axes.bar(positions, values, width=width, label=table.columns[col])
                axes.set_xticks(range(len(labels)), labels)
        if not labels:
            axes.text(0.5, 0.5, "нет данных", ha="center", va="center", transform=axes.transAxes)
        axes.set_title(table.title, fontsize=10)
        axes.tick_params(axis="x", labelsize=8, rotation=30 if len(labels) > 6 else 0)
        axes.grid(axis="y", alpha=0.3)
        if table.kind != "lines":
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts and whole seconds
        if len(columns) > 1 or table.kind == "stacked":
            axes.legend(fontsize=7, loc="upper left")
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg")
        return out.getvalue()
    finally:
        plt.close(figure)
