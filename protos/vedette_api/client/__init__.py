"""The Python SDK of the Vedette API, used by the ``vedette`` CLI, the console and CMSs.

``Client.connect(address, username=..., password=...)`` opens one logged-in session
on one server; its methods mirror the RPCs of ``protos/vedette/v1`` (see
``docs/api.md``). The public names, importable from here:

- ``Client``, ``ClientCertificate`` (mutual TLS), ``open_channel``,
  ``open_local_channel`` and ``open_server_channel`` (a channel without a login:
  the health service);
- the streams a ``Client`` opens: ``LiveStream`` (``Client.live``),
  ``PlaybackStream`` (``Client.playback``), ``EventStream``
  (``Client.watch_events``), ``PtzControl`` (``Client.ptz_control``);
- ``StreamName``: a camera's stream, ``"main"`` or ``"sub"``, as every method takes
  it (``StreamArg``: or the protobuf value);
- ``SiteSession``: one sign-in at a site directory and single sign-on to its member
  servers, for what spans servers (a camera's merged timeline; docs/sites.md).

The errors every call raises are in ``vedette_api.errors`` (``VedetteError`` and
one subclass per gRPC status). The parts of ``Client``, one module per service
(``accounts``, ``events``, ``export``, ``images``, ``live``, ``playback``, ``ptz``,
``search``, ``storage``, ``cameras``, ``system``, ``views``), and what they share:
``session`` (the client itself), ``calls`` (one RPC, the paginator, the update
builder), ``streams``, ``channel``, ``pinning`` and ``address`` (the server's
channel, certificate and address), ``known_signers`` (the export-signing keys this
user's clients have learnt).
"""

from __future__ import annotations

from vedette_api.client.channel import (
    ClientCertificate,
    open_channel,
    open_local_channel,
    open_server_channel,
)
from vedette_api.client.events import EventStream
from vedette_api.client.live import LiveStream
from vedette_api.client.playback import PlaybackStream
from vedette_api.client.ptz import PtzControl
from vedette_api.client.session import Client
from vedette_api.client.site_session import SiteRun, SiteSession, SiteTimeline
from vedette_api.client.streams import StreamArg, StreamName

__all__ = [
    "Client",
    "ClientCertificate",
    "EventStream",
    "LiveStream",
    "PlaybackStream",
    "PtzControl",
    "SiteRun",
    "SiteSession",
    "SiteTimeline",
    "StreamArg",
    "StreamName",
    "open_channel",
    "open_local_channel",
    "open_server_channel",
]
