"""What CloudFormation would create from a transformed template and parameter values:
conditions evaluated, `Fn::If` chosen, parameter `Ref`s replaced, `AWS::NoValue` dropped.
Other intrinsics (`Fn::Sub`, `Fn::GetAtt`, resource `Ref`s) are left as they are."""

from __future__ import annotations

from typing import Any

_NO_VALUE = object()


def resolve(template: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    """Return the resources (and outputs) a stack with these parameter values would hold."""
    values = {
        name: parameters.get(name, spec.get("Default"))
        for name, spec in template.get("Parameters", {}).items()
    }
    unknown = set(parameters) - set(values)
    assert not unknown, f"the template has no parameters {unknown}"

    def condition(name: str) -> bool:
        return bool(evaluate(template["Conditions"][name]))

    def evaluate(node: Any) -> Any:
        if isinstance(node, list):
            return [v for v in (evaluate(n) for n in node) if v is not _NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, arg),) = node.items()
            if key == "Ref" and arg == "AWS::NoValue":
                return _NO_VALUE
            if key == "Ref" and arg in values:
                return values[arg]
            if key == "Fn::If":
                return evaluate(arg[1] if condition(arg[0]) else arg[2])
            if key == "Fn::Equals":
                left, right = (evaluate(a) for a in arg)
                return str(left) == str(right)
            if key == "Fn::Not":
                return not evaluate(arg[0])
            if key == "Fn::And":
                return all(evaluate(a) for a in arg)
            if key == "Fn::Or":
                return any(evaluate(a) for a in arg)
            if key == "Condition":
                return condition(arg)
        resolved = {k: evaluate(v) for k, v in node.items()}
        return {k: v for k, v in resolved.items() if v is not _NO_VALUE}

    def kept(section: str) -> dict[str, Any]:
        return {
            name: evaluate({k: v for k, v in item.items() if k != "Condition"})
            for name, item in template.get(section, {}).items()
            if "Condition" not in item or condition(item["Condition"])
        }

    return {"Resources": kept("Resources"), "Outputs": kept("Outputs")}


def with_pseudo_parameters(node: Any, stack: str, region: str) -> Any:
    """`node` with `AWS::StackName` and `AWS::Region` replaced where they are all a
    `Ref` or `Fn::Sub` (string form) refers to: the names a stack would give."""
    pseudo = {"AWS::StackName": stack, "AWS::Region": region}
    if isinstance(node, list):
        return [with_pseudo_parameters(n, stack, region) for n in node]
    if not isinstance(node, dict):
        return node
    if node.keys() == {"Ref"} and node["Ref"] in pseudo:
        return pseudo[node["Ref"]]
    if node.keys() == {"Fn::Sub"} and isinstance(node["Fn::Sub"], str):
        text = node["Fn::Sub"]
        for name, value in pseudo.items():
            text = text.replace("${" + name + "}", value)
        return text if "${" not in text else node
    return {k: with_pseudo_parameters(v, stack, region) for k, v in node.items()}
