"""What every admin listing and detail view of the portal shares: times in the portal's
time zone (``TIME_ZONE``, Europe/Berlin) without microseconds, empty fields shown as "–"
(detail) or left empty (exports), and spreadsheet exports a German office opens with a
double click.

The apps' viewsets (``<app>/admin_views.py``) build their index and inspect views on
``OfficeExportMixin`` and ``LocalInspectMixin``.

CSV exports are UTF-8 with a byte order mark and separated by semicolons: German Excel reads
a file without a BOM as Windows-1252 (umlauts break) and splits columns at ";" (the comma is
the decimal separator there). Times are written as ``TT.MM.JJJJ HH:MM`` in Berlin time, which
German Excel reads as a date; Excel files (XLSX) get real date cells in Berlin time.
"""

import csv
import datetime

from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.formats import date_format
from django.utils.translation import gettext

CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
CSV_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
CSV_DATE_FORMAT = "%d.%m.%Y"
EMPTY_DISPLAY = "–"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def local_datetime(value):
    """``value`` in the portal's time zone, naive and to the minute (Excel has no zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(second=0, microsecond=0, tzinfo=None)


def spreadsheet_safe(value):
    """Keep spreadsheet programs from running what people typed as a formula."""
    text = "" if value is None else force_str(value)
    return f"'{text}" if text[:1] in _FORMULA_STARTS else text


def _csv_datetime(value):
    return local_datetime(value).strftime(CSV_DATETIME_FORMAT)


def _csv_date(value):
    return value.strftime(CSV_DATE_FORMAT)


def _yes_no(value):
    return gettext("Ja") if value else gettext("Nein")


def _list(value):
    return spreadsheet_safe(", ".join(force_str(item) for item in value))


class _Writer:
    """The file-like object ``csv.writer`` writes to: hands each line on, encoded."""

    def write(self, value):
        return value.encode("utf-8")


class OfficeExportMixin:
    """For index views with ``list_export``: CSV with BOM and ";" and XLSX, both in Berlin
    time without microseconds, nothing written as "None", no formulas.

    Uses Wagtail's hooks (``custom_value_preprocess``, ``stream_csv``); a view's own
    ``custom_field_preprocess`` still wins for its fields."""

    FORMAT_CSV = "csv"
    FORMAT_XLSX = "xlsx"

    custom_value_preprocess = {
        # bool before int: True is an int as well.
        bool: {FORMAT_CSV: _yes_no, FORMAT_XLSX: _yes_no},
        datetime.datetime: {FORMAT_CSV: _csv_datetime, FORMAT_XLSX: local_datetime},
        datetime.date: {FORMAT_CSV: _csv_date, FORMAT_XLSX: None},
        datetime.time: {FORMAT_CSV: lambda value: value.strftime("%H:%M"), FORMAT_XLSX: None},
        (int, float): {FORMAT_CSV: force_str, FORMAT_XLSX: None},
        (list, tuple): {FORMAT_CSV: _list, FORMAT_XLSX: _list},
        type(None): {FORMAT_CSV: lambda value: "", FORMAT_XLSX: lambda value: ""},
    }

    def get_preprocess_function(self, field, value, export_format):
        function = super().get_preprocess_function(field, value, export_format)
        if function is None or field in self.custom_field_preprocess:
            return function
        if any(isinstance(value, types) for types in self.custom_value_preprocess):
            return function
        # Text and everything else (model instances, lazy strings): as text, no formulas.
        return spreadsheet_safe

    def stream_csv(self, queryset):
        """The rows in the editor's admin language: Wagtail switches to it only while the
        view runs, and a streamed CSV is written afterwards, row by row, as it downloads
        (each row is written with that language active; nothing else is)."""
        language = translation.get_language()
        writer = csv.writer(_Writer(), delimiter=CSV_DELIMITER)

        def rows():
            with translation.override(language):
                headings = [self.get_heading(queryset, field) for field in self.list_export]
                first = CSV_BOM.encode("utf-8") + writer.writerow(headings)
            yield first
            for item in queryset:
                with translation.override(language):
                    row = self.to_row_dict(item)
                    line = writer.writerow(
                        [
                            self.preprocess_field_value(field, value, self.FORMAT_CSV)
                            for field, value in row.items()
                        ]
                    )
                yield line

        return rows()

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class LocalInspectMixin:
    """For inspect views: times in the portal's time zone (as the admin's language writes
    them, without seconds), "–" for an empty field instead of "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return EMPTY_DISPLAY
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return date_format(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, bool):
            return _yes_no(value)
        return value
