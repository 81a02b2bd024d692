import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ViewTile(_message.Message):
    __slots__ = ("index", "camera_id", "stream", "sequence")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    index: int
    camera_id: int
    stream: _common_pb2.Stream
    sequence: TileSequence
    def __init__(self, index: _Optional[int] = ..., camera_id: _Optional[int] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., sequence: _Optional[_Union[TileSequence, _Mapping]] = ...) -> None: ...

class TileSequence(_message.Message):
    __slots__ = ("name", "camera_ids", "dwell_s")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    DWELL_S_FIELD_NUMBER: _ClassVar[int]
    name: str
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    dwell_s: int
    def __init__(self, name: _Optional[str] = ..., camera_ids: _Optional[_Iterable[int]] = ..., dwell_s: _Optional[int] = ...) -> None: ...

class View(_message.Message):
    __slots__ = ("id", "name", "layout", "tiles", "shared", "owner", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    TILES_FIELD_NUMBER: _ClassVar[int]
    SHARED_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    layout: int
    tiles: _containers.RepeatedCompositeFieldContainer[ViewTile]
    shared: bool
    owner: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., layout: _Optional[int] = ..., tiles: _Optional[_Iterable[_Union[ViewTile, _Mapping]]] = ..., shared: _Optional[bool] = ..., owner: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListViewsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListViewsResponse(_message.Message):
    __slots__ = ("views",)
    VIEWS_FIELD_NUMBER: _ClassVar[int]
    views: _containers.RepeatedCompositeFieldContainer[View]
    def __init__(self, views: _Optional[_Iterable[_Union[View, _Mapping]]] = ...) -> None: ...

class SaveViewRequest(_message.Message):
    __slots__ = ("view",)
    VIEW_FIELD_NUMBER: _ClassVar[int]
    view: View
    def __init__(self, view: _Optional[_Union[View, _Mapping]] = ...) -> None: ...

class SaveViewResponse(_message.Message):
    __slots__ = ("view",)
    VIEW_FIELD_NUMBER: _ClassVar[int]
    view: View
    def __init__(self, view: _Optional[_Union[View, _Mapping]] = ...) -> None: ...

class DeleteViewRequest(_message.Message):
    __slots__ = ("view_id",)
    VIEW_ID_FIELD_NUMBER: _ClassVar[int]
    view_id: int
    def __init__(self, view_id: _Optional[int] = ...) -> None: ...

class DeleteViewResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TourStep(_message.Message):
    __slots__ = ("view_id", "dwell_seconds")
    VIEW_ID_FIELD_NUMBER: _ClassVar[int]
    DWELL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    view_id: int
    dwell_seconds: int
    def __init__(self, view_id: _Optional[int] = ..., dwell_seconds: _Optional[int] = ...) -> None: ...

class Tour(_message.Message):
    __slots__ = ("id", "name", "steps", "shared", "owner", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    SHARED_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    steps: _containers.RepeatedCompositeFieldContainer[TourStep]
    shared: bool
    owner: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[TourStep, _Mapping]]] = ..., shared: _Optional[bool] = ..., owner: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListToursRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListToursResponse(_message.Message):
    __slots__ = ("tours",)
    TOURS_FIELD_NUMBER: _ClassVar[int]
    tours: _containers.RepeatedCompositeFieldContainer[Tour]
    def __init__(self, tours: _Optional[_Iterable[_Union[Tour, _Mapping]]] = ...) -> None: ...

class SaveTourRequest(_message.Message):
    __slots__ = ("tour",)
    TOUR_FIELD_NUMBER: _ClassVar[int]
    tour: Tour
    def __init__(self, tour: _Optional[_Union[Tour, _Mapping]] = ...) -> None: ...

class SaveTourResponse(_message.Message):
    __slots__ = ("tour",)
    TOUR_FIELD_NUMBER: _ClassVar[int]
    tour: Tour
    def __init__(self, tour: _Optional[_Union[Tour, _Mapping]] = ...) -> None: ...

class DeleteTourRequest(_message.Message):
    __slots__ = ("tour_id",)
    TOUR_ID_FIELD_NUMBER: _ClassVar[int]
    tour_id: int
    def __init__(self, tour_id: _Optional[int] = ...) -> None: ...

class DeleteTourResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
