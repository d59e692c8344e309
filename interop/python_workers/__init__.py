"""One module per sample: the Python sample's workflows and activities, and its worker.

Each module defines `workers(client, args)` (the `Worker`s the Python sample runs), `STARTERS`
(the Rust starter invocations to drive them, no flags unless the Python starter takes some; an
argument list, or `{"args": [...], "expect_failure": True}` for a run that must fail) and
`EXPECT` (lines the starters' output must hold). Written after the public temporalio/samples-python
definitions: names, dataclasses, type hints and task queues are theirs.
"""
