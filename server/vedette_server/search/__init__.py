"""Search beyond the timeline: the calendar of recorded days (PLAY-09), events
(SEARCH-04) and tags (SEARCH-05). Catalog functions, blocking: the server calls
them on its catalog thread."""
