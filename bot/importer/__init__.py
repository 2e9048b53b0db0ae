"""Import a blog into a knowledge folder: `archive-bot import SOURCE --out DIR`.

SOURCE is an RSS 2.0 / Atom feed or a WordPress export (WXR), as a file or
an http(s) URL. The flow, one module a step:

`fetch` (bytes, capped) -> `encoding` (text, whatever the label says) ->
`xmlsafe` (defusedxml: well-formed, no entities) -> `feed` (feedparser) or
`wxr` -> `convert` (+ `htmltext`, `shortcodes`, `dates`) -> `yamlout`
(one marked file per post) -> `existing` + `plan` (what changes, what is
the curator's) -> `write` (staged, then moved into place).

`pipeline.run_import` runs it; `command` is the CLI, which imports the
rest only when `import` runs. Nothing here imports discord.
"""
