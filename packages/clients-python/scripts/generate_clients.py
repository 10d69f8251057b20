"""Runs openapi-python-client's own command line once per client, all in one interpreter.

Importing the generator costs about 0.7 s of CPU, which three processes paid three times (the task: 4.9 -> 2.8 s
of CPU, the output byte-identical). Each argv is the command commands.mjs shows on the portal, minus its name.
"""

import json
import sys

from openapi_python_client.cli import app

for api, argv in json.loads(sys.argv[1]).items():
    # The command line ends in sys.exit, as it does when run alone; its code decides whether the next client runs.
    try:
        app(argv, prog_name="openapi-python-client")
        code = 0
    except SystemExit as end:
        code = end.code
    if code:
        print(f"{api}: openapi-python-client exited with {code}", file=sys.stderr)
        sys.exit(1)
