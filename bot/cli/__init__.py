"""The `archive-bot` command line. No discord import except inside `run` and `sync`.

main.py parses and dispatches; answer.py is `ask`, `latest` and `chat`; status.py is
`status`; curator.py is `report` and `misses`; importing.py is `import`;
validate.py is `validate`; bot/exitcodes.py holds the codes every command returns.
"""
