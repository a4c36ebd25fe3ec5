"""Imports of citizens, staff, assignments, contacts, actions and outcomes.

reading   — files in (CSV or XLSX, size and type checks, streaming rows)
cells     — one row's cells into typed values, with Danish messages
base, people, course, kinds — the six kinds: columns, rules, saving
services  — `import_file`: check every row, then all or nothing
uploads, jobs, forms, views, urls — the web page (dry run first; progress for large files)

The command line is `jobtro.citizens.commands.run_import`; the formats are in docs/imports.md.
"""
