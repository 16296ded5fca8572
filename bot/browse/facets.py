"""A Datasette facet by year, for the store's dates.

Dates are stored as ISO prefixes at their precision ("2016", "2016-11", "2016-11-02"), which
Datasette's own date facet (SQLite's `date()`) cannot read. This facet groups by the first
four digits and filters with `column__startswith=YEAR`. In metadata: `{"year": "date"}`.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

PLUGIN_NAME = "newsdesk_year_facet"


class YearFacet(Facet):
    type = "year"

    async def suggest(self) -> list[dict[str, Any]]:
        return []  # offered where the metadata asks for it, never guessed

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results, timed_out = [], []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                results.append(await self._one(column, source_and_config["source"]))
            except QueryInterrupted:
                timed_out.append(column)
        return results, timed_out

    async def _one(self, column: str, source: str) -> dict[str, Any]:
        size = self.get_facet_size()
        col = escape_sqlite(column)
        sql = (f"select substr({col}, 1, 4) as value, count(*) as count from ({self.sql}) "
               f"where {col} glob '[0-9][0-9][0-9][0-9]*' "
               f"group by value order by value desc limit {size + 1}")
        rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                     custom_time_limit=self.ds.setting("facet_time_limit_ms"))
        args = dict(self.get_querystring_pairs())
        arg = f"{column}__startswith"
        values = []
        for row in rows.rows[:size]:
            selected = str(args.get(arg)) == str(row["value"])
            change = path_with_removed_args if selected else path_with_added_args
            values.append({
                "value": row["value"], "label": row["value"], "count": row["count"],
                "toggle_url": self.ds.absolute_url(
                    self.request, change(self.request, {arg: row["value"]})),
                "selected": selected,
            })
        return {
            "name": column, "type": self.type, "results": values,
            "hideable": source != "metadata",
            "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
            "truncated": len(rows.rows) > size,
        }


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [YearFacet]
