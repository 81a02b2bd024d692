"""A recording server in a site (issue 19): its membership and its link to the site
directory. ``docs/sites.md``."""
