"""Print a SAM template (argv[1]) with parameter values (argv[2], JSON) transformed to
CloudFormation by aws-sam-translator.

Run by the SAM tools' Python (tests/infra/test_infra.py), where the translator lives.
No AWS call is made: the template names no managed policies to look up.
"""

from __future__ import annotations

import json
import os
import sys

from samcli.yamlhelper import yaml_parse
from samtranslator.translator.transform import transform


class NoLookups:
    def load(self) -> dict[str, str]:
        raise AssertionError("the template should need no IAM policy lookup")


with open(sys.argv[1]) as template:
    document = yaml_parse(template.read())
# As `sam package` would, point local code at S3: the translator accepts only S3 URIs.
for resource in document["Resources"].values():
    if resource["Type"] == "AWS::Serverless::Function":
        resource["Properties"]["CodeUri"] = "s3://bucket/planettracker.zip"
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"  # the translator wants one; nothing is sent
parameters = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
print(json.dumps(transform(document, parameters, NoLookups()), default=str))
