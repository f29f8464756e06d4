"""Values reported for insats indicators. A report is never changed: a correction is a new report, and
the latest report per indicator and year is the one that counts. A report can be removed (a mistake)
and the removal undone (`restore`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, insert, select

from persistence import history
from persistence import schema as s
from persistence.errors import NotFoundError
from persistence.operation import Operations, operation
from persistence.records import REPORTED_VALUE, ReportedValue, item_key
from persistence.versioned import conflict


def _from_row(row: Row) -> ReportedValue:
    return ReportedValue(row.indicator_id, row.year, row.value, row.numerator, row.denominator,
                         row.note, row.reported_by, row.reported_at, row.id)


_MISSING_INDICATOR = (
    "Indikatorn som värdet rapporteras för finns inte (den kan ha tagits bort av någon annan). Det du "
    "har skrivit har inte sparats men finns kvar.",
    "The indicator the value is reported for does not exist (someone else may have removed it). What "
    "you wrote has not been saved but is still here.")


class ReportOps(Operations):
    """Reported values: append, list, remove, restore."""

    def _get_report(self, report_id: int) -> ReportedValue | None:
        rv = s.reported_values
        row = self.conn.execute(select(rv).where(rv.c.id == report_id)).first()
        return None if row is None else _from_row(row)

    def _package_of_indicator(self, indicator_id: str) -> str | None:
        ti, t = s.insats_indicators, s.insatser
        return self.conn.execute(select(t.c.package_key).join(ti, ti.c.insats_id == t.c.id)
                                 .where(ti.c.id == indicator_id)).scalar()

    def _insert_report(self, report: ReportedValue, action: str, cause_id: int | None = None,
                       keep_id: bool = False) -> ReportedValue:
        package_key = self._package_of_indicator(report.indicator_id)
        if package_key is None:
            raise NotFoundError(*_MISSING_INDICATOR)
        rv = s.reported_values
        values = {"indicator_id": report.indicator_id, "year": report.year, "value": float(report.value),
                  "numerator": report.numerator, "denominator": report.denominator,
                  "note": report.note or "", "reported_by": report.reported_by or self.user or "",
                  "reported_at": report.reported_at or self.now}
        if keep_id:
            values["id"] = report.id
        new_id = self.conn.execute(insert(rv).values(**values)).inserted_primary_key[0]
        saved = self._get_report(int(new_id))
        assert saved is not None
        history.record(self, REPORTED_VALUE, saved.key, package_key,
                       history.latest_version(self.conn, REPORTED_VALUE, saved.key) + 1, action, None,
                       saved, cause_id)
        return saved

    @operation(("Värdet kunde inte sparas", "The value could not be saved"), write=True)
    def report_value(self, report: ReportedValue) -> ReportedValue:
        """Append a reported value (never conflicts). ``reported_at`` defaults to now and
        ``reported_by`` to who is writing."""
        return self._insert_report(report, "create")

    @operation(("De rapporterade värdena kunde inte läsas", "The reported values could not be read"),
               write=False)
    def list_reported_values(self, package_key: str, *, insats_id: str | None = None,
                             indicator_id: str | None = None,
                             latest_only: bool = False) -> list[ReportedValue]:
        """Reported values in the order they were reported; ``latest_only`` keeps, per indicator and
        year, the one reported last (the value that counts)."""
        rv, ti, t = s.reported_values, s.insats_indicators, s.insatser
        query = (select(rv).join(ti, ti.c.id == rv.c.indicator_id).join(t, t.c.id == ti.c.insats_id)
                 .where(t.c.package_key == package_key).order_by(rv.c.reported_at, rv.c.id))
        if insats_id is not None:
            query = query.where(ti.c.insats_id == insats_id)
        if indicator_id is not None:
            query = query.where(rv.c.indicator_id == indicator_id)
        reports = [_from_row(r) for r in self.conn.execute(query)]
        if not latest_only:
            return reports
        latest: dict[tuple[str, int], ReportedValue] = {}
        for report in reports:  # in reporting order: the last one per key wins
            latest[(report.indicator_id, report.year)] = report
        return sorted(latest.values(), key=lambda r: (r.indicator_id, r.year))

    @operation(("Värdet kunde inte tas bort", "The value could not be removed"), write=True)
    def delete_reported_value(self, report_id: int) -> bool:
        """Remove a reported value (e.g. reported by mistake); False if already gone. Undo with
        `restore`."""
        return self._remove_reported_value(report_id)

    def _remove_reported_value(self, report_id: int, cause_id: int | None = None) -> bool:
        current = self._get_report(report_id)
        if current is None:
            return False
        package_key = self._package_of_indicator(current.indicator_id) or ""
        version = max(history.latest_version(self.conn, REPORTED_VALUE, current.key), 1)
        history.record(self, REPORTED_VALUE, current.key, package_key, version + 1, "delete", current,
                       None, cause_id)
        rv = s.reported_values
        self.conn.execute(delete(rv).where(rv.c.id == report_id))
        return True

    def _restore_reported_value(self, state: dict[str, Any], expected_version: int,
                                cause_id: int | None = None) -> ReportedValue:
        restored = ReportedValue.from_dict(state)
        key = item_key(restored.id)
        what = (f"Värdet för {restored.year}", f"The value for {restored.year}")
        current = self._get_report(restored.id)
        if current is not None:
            return current  # not removed, and a report never changes: nothing to restore
        if history.latest_version(self.conn, REPORTED_VALUE, key) != expected_version:
            raise conflict(what, None)
        return self._insert_report(restored, "restore", cause_id, keep_id=True)
