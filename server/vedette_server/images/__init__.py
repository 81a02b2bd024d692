"""Images of recordings: thumbnails, time slices and snapshots (SEARCH-01..03, -06).

- ``keyframe_choice``: which keyframe stands for an instant (pure);
- ``time_slices``: calendar slices and evenly spread instants (pure);
- ``keyframe_render``: decode + scale + JPEG in worker processes (``RenderPool``);
- ``thumbnail_cache``: the memory LRU of rendered thumbnails;
- ``thumbnails``: ``Thumbnailer``, which ties them together on the event loop;
- ``snapshots``: stored full-resolution snapshots.
"""
