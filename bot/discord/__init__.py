"""Everything that imports discord.py: the client, the command tree, the cogs.

client.py builds the bot and loads the cogs in exts/; tree.py checks admins and
words errors; runner.py runs it; policy.py and limits.py decide when and how much
to say; embed.py renders replies as embeds. Nothing outside this package imports
discord, and nothing here is imported by the engine, the knowledge loader or the CLI
(except `run` and `sync`, which import runner.py when called).
"""
