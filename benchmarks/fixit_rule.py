"""One libcst rule for Fixit, equivalent in reach to msglint's site search (benchmarks only)."""
import libcst as cst
from fixit import LintRule

_METHODS = {"send", "produce", "subscribe", "basic_publish", "basic_consume", "delay", "apply_async", "send_task",
            "publish", "send_message", "receive_message", "put_events", "cast", "call"}


class MessagingSites(LintRule):
    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _METHODS:
            self.report(node, "messaging site")
