"""Imports of citizens, staff, assignments, contacts, actions and outcomes.

limits    — every limit of a file (settings IMPORT_MAX_*), checked before a row is read
reading   — files in (CSV or XLSX, type and encoding, streaming rows)
cells     — one row's cells into typed values, with Danish messages
base, people, course, kinds — the six kinds: columns, rules, saving
services  — `import_file`: check every row, then all or nothing
uploads, jobs, forms, views, urls — the web page (dry run first; progress for large files)

The command line is `jobtro.citizens.commands.run_import`; the formats are in docs/imports.md.
"""
