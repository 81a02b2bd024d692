"""Vedette's media format, the one the server and its clients both read.

One packet travels camera → disk → playback → console unchanged, so its type and the
segment-file format are shared rather than copied: the server writes and serves them,
the console plays native exports with them, and neither imports the other.

- ``packet``: ``MediaPacket``, ``CodecParameters``, ``Codec``, ``PacketKind``;
- ``records``: the record framing of segment files and of the ingest workers' messages;
- ``segment_header``: the segment file header and the track entry;
- ``keyframe_index``: the catalog's keyframe index blob and a segment's summary figures;
- ``segment_reader``: reading and scanning segment files (blocking reads, never writes);
- ``proto_convert``: the one mapping between these types and ``vedette_api.v1.media_pb2``.

Every module but ``proto_convert`` uses the standard library only. Writing segment
files, their fsync policy and a volume's layout are the server's
(``vedette_server.storage``). docs/storage-format.md is the byte-by-byte reference.
Import from the submodules; this package imports nothing.
"""
