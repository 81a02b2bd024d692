"""A site camera's export across the servers that held it (``export_camera(session, …)``
with a ``SiteSession``):
one file per custody part, each streamed from and signed by the server that recorded
it (its ``.vsig`` beside it), never re-encoded into one; a JSON manifest lists the
parts in time order, the gaps between them, and every part that failed with why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vedette_api.client.streams import StreamArg
from vedette_api.errors import InvalidArgument, VedetteError
from vedette_api.evidence import SIGNATURE_SUFFIX, file_sha256
from vedette_api.evidence import verify as verify_export
from vedette_api.v1 import export_pb2

if TYPE_CHECKING:
    from vedette_api.client.site_session import CustodyPart, SiteSession

#: The ``format`` of a site export's JSON manifest.
SITE_EXPORT_FORMAT = "vedette-site-export"
EXPORT_SUFFIXES: dict[int, str] = {
    export_pb2.EXPORT_FORMAT_MP4: "mp4",
    export_pb2.EXPORT_FORMAT_MKV: "mkv",
    export_pb2.EXPORT_FORMAT_AVI: "avi",
}


@dataclass
class ExportPart:
    """One server's part of a site export: [start_us, end_us) of its recordings in
    its custody, in ``file`` (signed by ``file``.vsig) or, when ``error`` is set,
    not exported."""

    index: int
    server: str
    start_us: int
    end_us: int
    file: str = ""
    size_bytes: int = 0
    sha256: str = ""
    #: Where the server was asked (its API address, as the directory has it).
    address: str = ""
    #: The server's id and export-signing key, as it gave them over this session
    #: (``GetServerInfo``; "" from a server too old to say).
    server_id: str = ""
    server_key_fingerprint: str = ""
    #: The key that signed the file (its ``.vsig``, checked); "" when not signed.
    signer_fingerprint: str = ""
    error: str = ""

    @property
    def exported(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class ExportGap:
    """Part of the range asked for that no part holds, and why."""

    start_us: int
    end_us: int
    why: str


@dataclass
class SiteExport:
    site_camera_id: str
    folder: Path
    manifest: str
    parts: list[ExportPart] = field(default_factory=list)
    gaps: list[ExportGap] = field(default_factory=list)

    @property
    def failed(self) -> list[ExportPart]:
        return [part for part in self.parts if not part.exported]


def export_camera(
    session: SiteSession,
    camera_id: int | str,
    start_us: int,
    end_us: int,
    folder: Path,
    *,
    prefix: str = "export",
    export_format: export_pb2.ExportFormat = export_pb2.EXPORT_FORMAT_MP4,
    stream: StreamArg = "main",
) -> SiteExport:
    """Export a camera (its id at the directory, or its site id) in [start_us, end_us) into
    ``folder``: for each server that held it, what it recorded in its custody, as
    ``<prefix>-<NN>-<server>.<ext>`` with the server's signature beside it
    (``.vsig``), and ``<prefix>.json``, the manifest. Parts are exported one
    after the other; a part that fails is in the manifest with why, and the
    others are still exported. Blocks for as long as the exports take."""
    suffix = EXPORT_SUFFIXES.get(export_format)
    if suffix is None:
        raise InvalidArgument("a site export streams one file per server: mp4, mkv or avi")
    site_id, custody = session.custody_parts(camera_id, start_us, end_us)
    result = SiteExport(site_id, folder, f"{prefix}.json")
    folder.mkdir(parents=True, exist_ok=True)
    covered: list[tuple[int, int]] = []
    for held in custody:
        try:
            runs, error = session._runs(site_id, held, stream), None
        except VedetteError as exc:
            runs, error = [], exc.message
        if error is not None:
            part = ExportPart(
                len(result.parts) + 1,
                held.server,
                held.held_from_us,
                held.held_to_us,
                address=held.address,
                error=error,
            )
            result.parts.append(part)
            result.gaps.append(
                ExportGap(held.held_from_us, held.held_to_us, f"part {part.index} failed: {error}")
            )
            continue
        if not runs:
            continue
        part = ExportPart(
            len(result.parts) + 1,
            held.server,
            runs[0].start_us,
            max(run.end_us for run in runs),
            address=held.address,
        )
        part.file = f"{prefix}-{part.index:02d}-{held.server}.{suffix}"
        _export_part(session, site_id, held, part, folder, export_format, stream)
        result.parts.append(part)
        if part.exported:
            covered.extend((run.start_us, run.end_us) for run in runs)
        else:
            result.gaps.append(
                ExportGap(part.start_us, part.end_us, f"part {part.index} failed: {part.error}")
            )
    failed = [(gap.start_us, gap.end_us) for gap in result.gaps]
    custody_spans = [(part.held_from_us, part.held_to_us) for part in custody]
    for gap_from, gap_to in _uncovered(start_us, end_us, covered + failed):
        unheld = _uncovered(gap_from, gap_to, custody_spans)
        for piece_from, piece_to in _uncovered(gap_from, gap_to, unheld):
            result.gaps.append(ExportGap(piece_from, piece_to, "not recorded"))
        for piece_from, piece_to in unheld:
            result.gaps.append(ExportGap(piece_from, piece_to, "no server held the camera"))
    result.gaps.sort(key=lambda gap: gap.start_us)
    _write_manifest(result, camera_id, start_us, end_us, suffix, stream)
    return result


def _export_part(
    session: SiteSession,
    site_id: str,
    held: CustodyPart,
    part: ExportPart,
    folder: Path,
    export_format: export_pb2.ExportFormat,
    stream: StreamArg,
) -> None:
    """Stream ``part`` from its server into ``folder``; fills in what the file and
    its signature say, or ``part.error``."""
    path = folder / part.file
    try:
        client, local = session._camera_on(held.server, held.address, site_id)
        # An older server may not say its key: the signature is still checked intact.
        with contextlib.suppress(VedetteError):
            info = client.get_server_info()
            part.server_id = info.server_id
            part.server_key_fingerprint = info.signing_key_fingerprint
        part.size_bytes = client.export_to_file(
            local,
            part.start_us,
            part.end_us,
            path,
            export_format=export_format,
            stream=stream,
        )
    except (VedetteError, OSError) as exc:
        part.error = exc.message if isinstance(exc, VedetteError) else str(exc)
        part.file = ""
        return
    part.sha256 = file_sha256(path)
    if path.with_name(path.name + SIGNATURE_SUFFIX).exists():
        verdict = verify_export(path, expected_key=part.server_key_fingerprint or None)
        part.signer_fingerprint = verdict.signer_fingerprint
        if not verdict.intact:
            part.error = "; ".join(verdict.lines())
        elif part.server_id and verdict.server_id != part.server_id:
            part.error = f"the signature names server {verdict.server_id}, not {part.server_id}"


def _uncovered(start_us: int, end_us: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of [start_us, end_us) that no span covers, in order."""
    holes = []
    at_us = start_us
    for span_from, span_to in sorted(spans):
        if span_from > at_us:
            holes.append((at_us, min(span_from, end_us)))
        at_us = max(at_us, span_to)
        if at_us >= end_us:
            break
    if at_us < end_us:
        holes.append((at_us, end_us))
    return [(a, b) for a, b in holes if b > a]


def _instant(instant_us: int) -> dict[str, Any]:
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=instant_us)
    return {"us": instant_us, "utc": moment.isoformat().replace("+00:00", "Z")}


def _write_manifest(
    export: SiteExport,
    camera_id: int | str,
    start_us: int,
    end_us: int,
    suffix: str,
    stream: StreamArg,
) -> None:
    """``export.manifest`` in ``export.folder``: what was asked, the parts in time
    order (failed ones with why) and the gaps. Not signed: each part's own ``.vsig``
    is the evidence; this says how the parts fit together."""
    document = {
        "format": SITE_EXPORT_FORMAT,
        "version": 1,
        "site_camera_id": export.site_camera_id,
        # (None when the camera was given by its site id)
        "directory_camera_id": camera_id if isinstance(camera_id, int) else None,
        "start": _instant(start_us),
        "end": _instant(end_us),
        "container": suffix,
        "stream": stream if isinstance(stream, str) else int(stream),
        "complete": not export.failed,
        "parts": [
            {
                "index": part.index,
                "server": part.server,
                "start": _instant(part.start_us),
                "end": _instant(part.end_us),
                "exported": part.exported,
                "file": part.file or None,
                "signature": part.file + SIGNATURE_SUFFIX if part.signer_fingerprint else None,
                "size_bytes": part.size_bytes,
                "sha256": part.sha256 or None,
                "server_id": part.server_id or None,
                "signer_fingerprint": part.signer_fingerprint or None,
                "server_key_fingerprint": part.server_key_fingerprint or None,
                "error": part.error or None,
            }
            for part in export.parts
        ],
        "gaps": [
            {"start": _instant(gap.start_us), "end": _instant(gap.end_us), "why": gap.why}
            for gap in export.gaps
        ],
    }
    path = export.folder / export.manifest
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(document, indent=1) + "\n")
    partial.replace(path)
