"""What is wrong with an input, as a code with values; worded in the user's language later."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict = field(default_factory=dict)
