"""Numbers in chat messages: the project's one numeral reader (planner.numerals), re-exported."""

from planner.numerals import NUMBER, Quantity, find_quantities, parse_number

__all__ = ["NUMBER", "Quantity", "find_quantities", "parse_number"]
