import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SmtpSecurity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SMTP_SECURITY_UNSPECIFIED: _ClassVar[SmtpSecurity]
    SMTP_SECURITY_NONE: _ClassVar[SmtpSecurity]
    SMTP_SECURITY_STARTTLS: _ClassVar[SmtpSecurity]
    SMTP_SECURITY_SSL: _ClassVar[SmtpSecurity]

class DeliveryChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_CHANNEL_UNSPECIFIED: _ClassVar[DeliveryChannel]
    DELIVERY_CHANNEL_EMAIL: _ClassVar[DeliveryChannel]
    DELIVERY_CHANNEL_WEBHOOK: _ClassVar[DeliveryChannel]

class DeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATE_UNSPECIFIED: _ClassVar[DeliveryState]
    DELIVERY_STATE_PENDING: _ClassVar[DeliveryState]
    DELIVERY_STATE_SENT: _ClassVar[DeliveryState]
    DELIVERY_STATE_FAILED: _ClassVar[DeliveryState]
    DELIVERY_STATE_SUPPRESSED: _ClassVar[DeliveryState]
    DELIVERY_STATE_DIGESTED: _ClassVar[DeliveryState]

class DeliveryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_KIND_UNSPECIFIED: _ClassVar[DeliveryKind]
    DELIVERY_KIND_NOTICE: _ClassVar[DeliveryKind]
    DELIVERY_KIND_DIGEST: _ClassVar[DeliveryKind]
SMTP_SECURITY_UNSPECIFIED: SmtpSecurity
SMTP_SECURITY_NONE: SmtpSecurity
SMTP_SECURITY_STARTTLS: SmtpSecurity
SMTP_SECURITY_SSL: SmtpSecurity
DELIVERY_CHANNEL_UNSPECIFIED: DeliveryChannel
DELIVERY_CHANNEL_EMAIL: DeliveryChannel
DELIVERY_CHANNEL_WEBHOOK: DeliveryChannel
DELIVERY_STATE_UNSPECIFIED: DeliveryState
DELIVERY_STATE_PENDING: DeliveryState
DELIVERY_STATE_SENT: DeliveryState
DELIVERY_STATE_FAILED: DeliveryState
DELIVERY_STATE_SUPPRESSED: DeliveryState
DELIVERY_STATE_DIGESTED: DeliveryState
DELIVERY_KIND_UNSPECIFIED: DeliveryKind
DELIVERY_KIND_NOTICE: DeliveryKind
DELIVERY_KIND_DIGEST: DeliveryKind

class SmtpSettings(_message.Message):
    __slots__ = ("configured", "host", "port", "security", "user", "password_set", "sender", "timeout", "tls_ca_set")
    CONFIGURED_FIELD_NUMBER: _ClassVar[int]
    HOST_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    SECURITY_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_SET_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    TLS_CA_SET_FIELD_NUMBER: _ClassVar[int]
    configured: bool
    host: str
    port: int
    security: SmtpSecurity
    user: str
    password_set: bool
    sender: str
    timeout: _duration_pb2.Duration
    tls_ca_set: bool
    def __init__(self, configured: _Optional[bool] = ..., host: _Optional[str] = ..., port: _Optional[int] = ..., security: _Optional[_Union[SmtpSecurity, str]] = ..., user: _Optional[str] = ..., password_set: _Optional[bool] = ..., sender: _Optional[str] = ..., timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., tls_ca_set: _Optional[bool] = ...) -> None: ...

class GetSmtpRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSmtpResponse(_message.Message):
    __slots__ = ("smtp",)
    SMTP_FIELD_NUMBER: _ClassVar[int]
    smtp: SmtpSettings
    def __init__(self, smtp: _Optional[_Union[SmtpSettings, _Mapping]] = ...) -> None: ...

class SetSmtpRequest(_message.Message):
    __slots__ = ("smtp", "password", "clear_password", "tls_ca_pem", "clear_tls_ca")
    SMTP_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CLEAR_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TLS_CA_PEM_FIELD_NUMBER: _ClassVar[int]
    CLEAR_TLS_CA_FIELD_NUMBER: _ClassVar[int]
    smtp: SmtpSettings
    password: str
    clear_password: bool
    tls_ca_pem: str
    clear_tls_ca: bool
    def __init__(self, smtp: _Optional[_Union[SmtpSettings, _Mapping]] = ..., password: _Optional[str] = ..., clear_password: _Optional[bool] = ..., tls_ca_pem: _Optional[str] = ..., clear_tls_ca: _Optional[bool] = ...) -> None: ...

class SetSmtpResponse(_message.Message):
    __slots__ = ("smtp",)
    SMTP_FIELD_NUMBER: _ClassVar[int]
    smtp: SmtpSettings
    def __init__(self, smtp: _Optional[_Union[SmtpSettings, _Mapping]] = ...) -> None: ...

class SendTestMailRequest(_message.Message):
    __slots__ = ("address",)
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    address: str
    def __init__(self, address: _Optional[str] = ...) -> None: ...

class SendTestMailResponse(_message.Message):
    __slots__ = ("accepted", "reply", "error")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    reply: str
    error: str
    def __init__(self, accepted: _Optional[bool] = ..., reply: _Optional[str] = ..., error: _Optional[str] = ...) -> None: ...

class Recipient(_message.Message):
    __slots__ = ("id", "address", "schedule", "snapshot", "max_per_hour", "enabled")
    ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    MAX_PER_HOUR_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    id: int
    address: str
    schedule: str
    snapshot: bool
    max_per_hour: int
    enabled: bool
    def __init__(self, id: _Optional[int] = ..., address: _Optional[str] = ..., schedule: _Optional[str] = ..., snapshot: _Optional[bool] = ..., max_per_hour: _Optional[int] = ..., enabled: _Optional[bool] = ...) -> None: ...

class ListRecipientsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRecipientsResponse(_message.Message):
    __slots__ = ("recipients",)
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    recipients: _containers.RepeatedCompositeFieldContainer[Recipient]
    def __init__(self, recipients: _Optional[_Iterable[_Union[Recipient, _Mapping]]] = ...) -> None: ...

class AddRecipientRequest(_message.Message):
    __slots__ = ("recipient",)
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    recipient: Recipient
    def __init__(self, recipient: _Optional[_Union[Recipient, _Mapping]] = ...) -> None: ...

class AddRecipientResponse(_message.Message):
    __slots__ = ("recipient",)
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    recipient: Recipient
    def __init__(self, recipient: _Optional[_Union[Recipient, _Mapping]] = ...) -> None: ...

class UpdateRecipientRequest(_message.Message):
    __slots__ = ("recipient", "update_mask")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    recipient: Recipient
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, recipient: _Optional[_Union[Recipient, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateRecipientResponse(_message.Message):
    __slots__ = ("recipient",)
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    recipient: Recipient
    def __init__(self, recipient: _Optional[_Union[Recipient, _Mapping]] = ...) -> None: ...

class RemoveRecipientRequest(_message.Message):
    __slots__ = ("recipient_id",)
    RECIPIENT_ID_FIELD_NUMBER: _ClassVar[int]
    recipient_id: int
    def __init__(self, recipient_id: _Optional[int] = ...) -> None: ...

class RemoveRecipientResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Webhook(_message.Message):
    __slots__ = ("id", "url", "enabled", "disabled_reason", "secret_set")
    ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_REASON_FIELD_NUMBER: _ClassVar[int]
    SECRET_SET_FIELD_NUMBER: _ClassVar[int]
    id: int
    url: str
    enabled: bool
    disabled_reason: str
    secret_set: bool
    def __init__(self, id: _Optional[int] = ..., url: _Optional[str] = ..., enabled: _Optional[bool] = ..., disabled_reason: _Optional[str] = ..., secret_set: _Optional[bool] = ...) -> None: ...

class ListWebhooksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListWebhooksResponse(_message.Message):
    __slots__ = ("webhooks",)
    WEBHOOKS_FIELD_NUMBER: _ClassVar[int]
    webhooks: _containers.RepeatedCompositeFieldContainer[Webhook]
    def __init__(self, webhooks: _Optional[_Iterable[_Union[Webhook, _Mapping]]] = ...) -> None: ...

class AddWebhookRequest(_message.Message):
    __slots__ = ("url", "secret")
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    url: str
    secret: str
    def __init__(self, url: _Optional[str] = ..., secret: _Optional[str] = ...) -> None: ...

class AddWebhookResponse(_message.Message):
    __slots__ = ("webhook",)
    WEBHOOK_FIELD_NUMBER: _ClassVar[int]
    webhook: Webhook
    def __init__(self, webhook: _Optional[_Union[Webhook, _Mapping]] = ...) -> None: ...

class UpdateWebhookRequest(_message.Message):
    __slots__ = ("webhook_id", "url", "secret", "enabled", "update_mask")
    WEBHOOK_ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    webhook_id: int
    url: str
    secret: str
    enabled: bool
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, webhook_id: _Optional[int] = ..., url: _Optional[str] = ..., secret: _Optional[str] = ..., enabled: _Optional[bool] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateWebhookResponse(_message.Message):
    __slots__ = ("webhook",)
    WEBHOOK_FIELD_NUMBER: _ClassVar[int]
    webhook: Webhook
    def __init__(self, webhook: _Optional[_Union[Webhook, _Mapping]] = ...) -> None: ...

class RemoveWebhookRequest(_message.Message):
    __slots__ = ("webhook_id",)
    WEBHOOK_ID_FIELD_NUMBER: _ClassVar[int]
    webhook_id: int
    def __init__(self, webhook_id: _Optional[int] = ...) -> None: ...

class RemoveWebhookResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TestWebhookRequest(_message.Message):
    __slots__ = ("webhook_id",)
    WEBHOOK_ID_FIELD_NUMBER: _ClassVar[int]
    webhook_id: int
    def __init__(self, webhook_id: _Optional[int] = ...) -> None: ...

class TestWebhookResponse(_message.Message):
    __slots__ = ("delivered", "status", "error", "message_id")
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    delivered: bool
    status: int
    error: str
    message_id: str
    def __init__(self, delivered: _Optional[bool] = ..., status: _Optional[int] = ..., error: _Optional[str] = ..., message_id: _Optional[str] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("id", "channel", "target_id", "kind", "alarm_id", "title", "state", "attempts", "last_status", "last_error", "message_id", "digest_id", "create_time", "next_attempt_time", "done_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_STATUS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    DIGEST_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_TIME_FIELD_NUMBER: _ClassVar[int]
    DONE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    channel: DeliveryChannel
    target_id: int
    kind: DeliveryKind
    alarm_id: int
    title: str
    state: DeliveryState
    attempts: int
    last_status: int
    last_error: str
    message_id: str
    digest_id: int
    create_time: _timestamp_pb2.Timestamp
    next_attempt_time: _timestamp_pb2.Timestamp
    done_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., channel: _Optional[_Union[DeliveryChannel, str]] = ..., target_id: _Optional[int] = ..., kind: _Optional[_Union[DeliveryKind, str]] = ..., alarm_id: _Optional[int] = ..., title: _Optional[str] = ..., state: _Optional[_Union[DeliveryState, str]] = ..., attempts: _Optional[int] = ..., last_status: _Optional[int] = ..., last_error: _Optional[str] = ..., message_id: _Optional[str] = ..., digest_id: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_attempt_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., done_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDeliveriesRequest(_message.Message):
    __slots__ = ("states", "page_size", "page_token")
    STATES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedScalarFieldContainer[DeliveryState]
    page_size: int
    page_token: str
    def __init__(self, states: _Optional[_Iterable[_Union[DeliveryState, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDeliveriesResponse(_message.Message):
    __slots__ = ("deliveries", "next_page_token")
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[Delivery]
    next_page_token: str
    def __init__(self, deliveries: _Optional[_Iterable[_Union[Delivery, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RetryDeliveryRequest(_message.Message):
    __slots__ = ("delivery_id",)
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    delivery_id: int
    def __init__(self, delivery_id: _Optional[int] = ...) -> None: ...

class RetryDeliveryResponse(_message.Message):
    __slots__ = ("delivery",)
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    delivery: Delivery
    def __init__(self, delivery: _Optional[_Union[Delivery, _Mapping]] = ...) -> None: ...
