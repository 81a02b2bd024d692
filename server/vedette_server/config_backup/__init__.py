"""Configuration backup (SPEC SYS-07): the whole configuration as one versioned,
encrypted, signed file. docs/config-backup.md is the reference.

Import from here; ``sealed_file`` owns the file format (sealing, inspecting, opening).
Building the configuration document and applying it belong elsewhere.
"""

from vedette_server.config_backup.sealed_file import (
    CORRUPT,
    FORMAT_VERSION,
    MAGIC,
    MAX_FILE_BYTES,
    NOT_A_CONFIG_FILE,
    TAMPERED,
    UNSUPPORTED_VERSION,
    WRONG_PASSPHRASE,
    ConfigFileRefused,
    ConfigHeader,
    KdfParameters,
    OpenedConfig,
    inspect_config,
    open_config,
    seal_config,
)

__all__ = [
    "CORRUPT",
    "FORMAT_VERSION",
    "MAGIC",
    "MAX_FILE_BYTES",
    "NOT_A_CONFIG_FILE",
    "TAMPERED",
    "UNSUPPORTED_VERSION",
    "WRONG_PASSPHRASE",
    "ConfigFileRefused",
    "ConfigHeader",
    "KdfParameters",
    "OpenedConfig",
    "inspect_config",
    "open_config",
    "seal_config",
]
