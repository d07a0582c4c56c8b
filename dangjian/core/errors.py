"""The one exception a service raises when a user's action breaks a rule.

Views turn it into a message next to the form, the API into the shared error shape
`{"code", "message", "rule", "field"}`; the message is Chinese and names the rule.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A regulated rule: a stable code, what it says, and where it comes from."""

    code: str
    text: str
    citation: str

    def __str__(self) -> str:
        return f"{self.text}（{self.citation}）"


class RuleViolation(Exception):
    def __init__(self, message: str, *, rule: Rule | None = None, field: str | None = None, code: str = "rule_violation"):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.field = field
        self.code = code
        self.index: int | None = None  # a batch service sets the position of the refused record
        # A batch over several groups (many schools' registers in one call) also names the group
        # the refused record belongs to, so the caller can say which school's row it was.
        self.group: object | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "rule": str(self.rule.citation) if self.rule else None,
            "field": self.field,
        }
