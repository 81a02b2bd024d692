"""The site directory (issue 19): site-wide records in PostgreSQL for a site of several
recording servers. ``docs/sites.md``."""
