import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from vedette_api.v1 import system_pb2 as _system_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExchangeSiteTokenRequest(_message.Message):
    __slots__ = ("site_token",)
    SITE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    site_token: str
    def __init__(self, site_token: _Optional[str] = ...) -> None: ...

class ExchangeSiteTokenResponse(_message.Message):
    __slots__ = ("token", "expire_time", "username")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    token: str
    expire_time: _timestamp_pb2.Timestamp
    username: str
    def __init__(self, token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., username: _Optional[str] = ...) -> None: ...

class GetSetupStateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSetupStateResponse(_message.Message):
    __slots__ = ("admin_password_set", "show_wizard", "language", "auto_login", "logged_out_live")
    ADMIN_PASSWORD_SET_FIELD_NUMBER: _ClassVar[int]
    SHOW_WIZARD_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LOGIN_FIELD_NUMBER: _ClassVar[int]
    LOGGED_OUT_LIVE_FIELD_NUMBER: _ClassVar[int]
    admin_password_set: bool
    show_wizard: bool
    language: _system_pb2.Language
    auto_login: bool
    logged_out_live: bool
    def __init__(self, admin_password_set: _Optional[bool] = ..., show_wizard: _Optional[bool] = ..., language: _Optional[_Union[_system_pb2.Language, str]] = ..., auto_login: _Optional[bool] = ..., logged_out_live: _Optional[bool] = ...) -> None: ...

class RecoveryQuestion(_message.Message):
    __slots__ = ("question", "answer")
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    question: str
    answer: str
    def __init__(self, question: _Optional[str] = ..., answer: _Optional[str] = ...) -> None: ...

class SetUpAdminRequest(_message.Message):
    __slots__ = ("password", "questions")
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    password: str
    questions: _containers.RepeatedCompositeFieldContainer[RecoveryQuestion]
    def __init__(self, password: _Optional[str] = ..., questions: _Optional[_Iterable[_Union[RecoveryQuestion, _Mapping]]] = ...) -> None: ...

class SetUpAdminResponse(_message.Message):
    __slots__ = ("token", "expire_time", "username")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    token: str
    expire_time: _timestamp_pb2.Timestamp
    username: str
    def __init__(self, token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., username: _Optional[str] = ...) -> None: ...

class GetRecoveryQuestionsRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class GetRecoveryQuestionsResponse(_message.Message):
    __slots__ = ("questions",)
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    questions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, questions: _Optional[_Iterable[str]] = ...) -> None: ...

class RecoverPasswordRequest(_message.Message):
    __slots__ = ("username", "answers", "new_password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    answers: _containers.RepeatedScalarFieldContainer[str]
    new_password: str
    def __init__(self, username: _Optional[str] = ..., answers: _Optional[_Iterable[str]] = ..., new_password: _Optional[str] = ...) -> None: ...

class RecoverPasswordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AutoLoginRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class OpenLiveDisplayRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AutoLoginResponse(_message.Message):
    __slots__ = ("token", "expire_time", "username")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    token: str
    expire_time: _timestamp_pb2.Timestamp
    username: str
    def __init__(self, token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., username: _Optional[str] = ...) -> None: ...

class OpenLiveDisplayResponse(_message.Message):
    __slots__ = ("token", "expire_time", "username")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    token: str
    expire_time: _timestamp_pb2.Timestamp
    username: str
    def __init__(self, token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., username: _Optional[str] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ("username", "password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class LoginResponse(_message.Message):
    __slots__ = ("token", "expire_time", "username")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    token: str
    expire_time: _timestamp_pb2.Timestamp
    username: str
    def __init__(self, token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., username: _Optional[str] = ...) -> None: ...

class LogoutRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogoutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RenewSessionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RenewSessionResponse(_message.Message):
    __slots__ = ("expire_time",)
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
