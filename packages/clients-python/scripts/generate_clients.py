"""Runs openapi-python-client's own command line once per client, all in one interpreter.

Importing the generator costs about 0.7 s of CPU, which three processes paid three times (the task: 4.9 -> 2.8 s
of CPU, the output byte-identical). Each argv is the command commands.mjs shows on the portal, minus its name.
"""

import json
import sys

import jinja2
import openapi_python_client
from openapi_python_client.cli import app


class SharedBytecode(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in memory for the next client's Environment (a public Jinja hook).

    Each client's Project builds its own Environment, which would parse and compile the same templates again:
    about a third of the task's CPU time. The bucket key is the template's name and source checksum, and every
    client uses the same Environment settings, so the compiled code is the same.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class SharedBytecodeEnvironment(jinja2.Environment):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("bytecode_cache", SHARED_BYTECODE)
        super().__init__(*args, **kwargs)


SHARED_BYTECODE = SharedBytecode()
# openapi_python_client.Project looks `Environment` up in its module: the clients get the caching subclass.
openapi_python_client.Environment = SharedBytecodeEnvironment

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
