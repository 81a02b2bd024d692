"""The live hub on its own: GOP cache, bounded queues, skips, codec changes, live on/off."""

from __future__ import annotations

import asyncio
from fractions import Fraction

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_server.ingest.messages import Packet, StreamCodecs
from vedette_server.live.hub import LiveHubs, LiveSkip, LiveStart, LiveSubscription

VIDEO = CodecParameters(Codec.H264, b"\0\0\0\1sps", 640, 360, Fraction(25))
AUDIO = CodecParameters(Codec.AAC, b"\x12\x10", sample_rate=16000, channels=1)


def video(ts_ms: int, keyframe: bool = False, size: int = 100) -> MediaPacket:
    return MediaPacket(PacketKind.VIDEO, ts_ms * 1000, 40_000, keyframe, b"v" * size)


def audio(ts_ms: int) -> MediaPacket:
    return MediaPacket(PacketKind.AUDIO, ts_ms * 1000, 64_000, False, b"a" * 20)


class Switch:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str, bool]] = []

    def __call__(self, camera_id: int, stream: str, on: bool) -> None:
        self.calls.append((camera_id, stream, on))


def feed(hubs: LiveHubs, *packets: MediaPacket, camera: int = 1) -> None:
    for packet in packets:
        hubs.on_message(Packet(camera, "main", packet))


def drain(subscription: LiveSubscription) -> list[object]:
    items = []
    while (item := subscription.get_nowait()) is not None:
        items.append(item)
    return items


def test_a_new_subscriber_gets_start_then_the_cached_gop_from_its_keyframe() -> None:
    async def scenario() -> None:
        switch = Switch()
        hubs = LiveHubs(switch)
        hubs.on_message(StreamCodecs(1, "main", (VIDEO, AUDIO)))
        async with hubs.subscribe(1, "main") as first:
            assert switch.calls == [(1, "main", True)]
            feed(hubs, video(0), video(40, keyframe=True), audio(50), video(80), video(120))
            items = drain(first)
            assert isinstance(items[0], LiveStart) and items[0].video == VIDEO
            assert [p.timestamp_us for p in items[1:]] == [40_000, 80_000, 120_000]  # no audio
            async with hubs.subscribe(1, "main", audio=True) as second:
                joined = drain(second)
                assert isinstance(joined[0], LiveStart) and joined[0].audio == AUDIO
                assert isinstance(joined[1], MediaPacket) and joined[1].keyframe
                assert [p.timestamp_us for p in joined[1:]] == [40_000, 50_000, 80_000, 120_000]
                assert hubs.subscriber_count(1, "main") == 2

    asyncio.run(scenario())


def test_a_slow_subscriber_is_skipped_to_the_next_keyframe_and_told_while_a_fast_one_is_not(
) -> None:  # fmt: skip
    async def scenario() -> None:
        hubs = LiveHubs(Switch(), max_queue_packets=10)
        hubs.on_message(StreamCodecs(1, "main", (VIDEO,)))
        async with hubs.subscribe(1, "main") as slow, hubs.subscribe(1, "main") as fast:
            received: list[MediaPacket] = []
            items: list[object] = []
            for ms in range(0, 2000, 40):
                feed(hubs, video(ms, keyframe=ms % 1000 == 0))
                received += [i for i in drain(fast) if isinstance(i, MediaPacket)]
                if ms >= 1000:  # the slow reader only catches up in the second GOP
                    items += drain(slow)
            assert len(received) == 50  # the fast reader lost nothing
            skips = [i for i in items if isinstance(i, LiveSkip)]
            packets = [i for i in items if isinstance(i, MediaPacket)]
            assert len(skips) == 1 and skips[0].resumed_at_us == 1_000_000
            after = items[items.index(skips[0]) + 1]
            assert isinstance(after, MediaPacket) and after.keyframe
            # What it was sent plus what it was told it lost is every packet.
            assert len(packets) + skips[0].dropped_packets == 50
            assert slow.dropped_total == skips[0].dropped_packets

    asyncio.run(scenario())


def test_a_codec_change_sends_a_new_start_and_drops_packets_of_the_old_parameters() -> None:
    async def scenario() -> None:
        hubs = LiveHubs(Switch())
        hubs.on_message(StreamCodecs(1, "main", (VIDEO,)))
        async with hubs.subscribe(1, "main") as live:
            feed(hubs, video(0, keyframe=True), video(40))
            changed = CodecParameters(Codec.H264, b"\0\0\0\1sps2", 1280, 720, Fraction(25))
            hubs.on_message(StreamCodecs(1, "main", (changed,)))
            feed(hubs, video(80), video(120, keyframe=True))
            items = drain(live)
            assert isinstance(items[0], LiveStart) and items[0].video == VIDEO
            assert isinstance(items[1], LiveStart) and items[1].video.width == 1280
            rest = items[2:]
            assert isinstance(rest[0], LiveSkip) and rest[0].dropped_packets == 1
            assert isinstance(rest[1], MediaPacket) and rest[1].timestamp_us == 120_000
        # A subscriber after the change starts with the new parameters.
        async with hubs.subscribe(1, "main") as late:
            first = drain(late)[0]
            assert isinstance(first, LiveStart) and first.video.width == 1280

    asyncio.run(scenario())


def test_live_goes_off_a_while_after_the_last_subscriber_leaves_and_stays_on_for_a_return(
) -> None:  # fmt: skip
    async def scenario() -> None:
        switch = Switch()
        hubs = LiveHubs(switch, linger_s=0.2)
        async with hubs.subscribe(3, "sub"):
            pass
        await asyncio.sleep(0.05)
        async with hubs.subscribe(3, "sub"):  # back within the linger time: still on
            assert switch.calls == [(3, "sub", True)]
        await asyncio.sleep(0.4)
        assert switch.calls == [(3, "sub", True), (3, "sub", False)]
        assert not hubs.is_live(3, "sub")

    asyncio.run(scenario())


def test_packets_of_streams_nobody_watches_are_ignored_and_a_closed_subscription_raises() -> None:
    async def scenario() -> None:
        hubs = LiveHubs(Switch())
        feed(hubs, video(0, keyframe=True), camera=9)  # no hub, no error
        assert hubs.find(9, "main") is None
        async with hubs.subscribe(1, "main") as live:
            waiter = asyncio.create_task(live.get())
            await asyncio.sleep(0.01)
            hubs.close()
            try:
                await waiter
            except Exception as e:
                assert type(e).__name__ == "SubscriptionClosed"
            else:
                raise AssertionError("get() returned after close")

    asyncio.run(scenario())


def test_a_subscriber_more_than_max_queue_us_behind_is_skipped_even_with_few_packets() -> None:
    async def scenario() -> None:
        hubs = LiveHubs(Switch(), max_queue_us=500_000)
        hubs.on_message(StreamCodecs(1, "main", (VIDEO,)))
        async with hubs.subscribe(1, "main") as live:
            # Few packets, but over half a second of media queued: skipped at 800 ms.
            feed(hubs, video(0, keyframe=True), video(400), video(800), video(1000, keyframe=True))
            items = drain(live)
            assert isinstance(items[0], LiveStart)
            assert isinstance(items[1], LiveSkip) and items[1].dropped_packets == 3
            assert isinstance(items[2], MediaPacket) and items[2].timestamp_us == 1_000_000
            # A keyframe that overflows the queue is where the subscriber resumes.
            feed(hubs, video(1100), video(1300), video(1900, keyframe=True))
            items = drain(live)
            assert isinstance(items[0], LiveSkip) and items[0].dropped_packets == 2
            assert items[0].resumed_at_us == 1_900_000
            assert isinstance(items[1], MediaPacket) and items[1].keyframe

    asyncio.run(scenario())


def test_a_gop_too_big_to_cache_makes_joiners_wait_for_the_next_keyframe() -> None:
    async def scenario() -> None:
        hubs = LiveHubs(Switch(), max_gop_bytes=1000)
        hubs.on_message(StreamCodecs(1, "main", (VIDEO,)))
        async with hubs.subscribe(1, "main"):
            feed(hubs, video(0, keyframe=True, size=600), video(40, size=600))
            assert hubs.hub(1, "main").gop == ()
            async with hubs.subscribe(1, "main") as late:
                assert [type(i) for i in drain(late)] == [LiveStart]
                feed(hubs, video(80), video(120, keyframe=True))
                packets = [i for i in drain(late) if isinstance(i, MediaPacket)]
                assert [p.timestamp_us for p in packets] == [120_000]

    asyncio.run(scenario())


def test_viewers_are_the_clients_not_the_servers_own_subscriptions() -> None:
    async def scenario() -> None:
        hubs = LiveHubs(Switch())
        async with hubs.subscribe(1, "main", viewer=False):  # motion detection
            assert hubs.viewer_count(1, "main") == 0
            async with hubs.subscribe(1, "main"):
                assert hubs.subscriber_count(1, "main") == 2
                assert hubs.viewer_count(1, "main") == 1
            assert hubs.viewer_count(1, "main") == 0
        assert hubs.viewer_count(1, "main") == hubs.viewer_count(2, "sub") == 0

    asyncio.run(scenario())
