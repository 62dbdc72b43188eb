"""Long lists shown a page at a time: the page asked for in the query string (`?page=`), and the
links that keep every other argument (filters, search) while moving between pages."""
from dataclasses import dataclass

from lokakarya.core.converters import database_id

# A page past this cannot be asked for (the offset stays a small number for the database).
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    size: int
    total: int  # rows in the whole list (with its filters)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.total

    @property
    def first_row(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_row(self) -> int:
        return min(self.offset + self.size, self.total)


def page_number(args, name: str = "page") -> int:
    """The page asked for: 1 when missing, not a number or out of range."""
    number = database_id(args.get(name))
    return number if number is not None and 1 <= number <= MAX_PAGE else 1
