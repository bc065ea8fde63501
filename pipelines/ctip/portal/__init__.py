"""The members' portal (`ctip serve`): focal points upload their country's files, read the
feedback at once, and download the template, the published figures and the report.

Small modules with one job each: `config` (where things live, limits), `store` (accounts,
sessions, failed logins in SQLite), `auth` (sessions and cookies), `csrf`, `ratelimit`, `audit`,
`words` (each language's `portal:` words in schemas/lang/<language>.yaml), `uploads` (streaming multipart with
limits, sanitised names, atomic placement), `submissions` (what a country sent, read-only),
`published` (public exports), `rebuild` (one background run at a time), `app` (assembly) and
`routes/` (one module per page)."""
