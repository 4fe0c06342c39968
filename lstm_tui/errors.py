"""Errors the user can fix. The CLI prints them as one line and exits 2; the app notifies."""


class UserError(Exception):
    """Bad input from the user: the message says what was wrong and what to do."""


class CorpusError(UserError):
    """A corpus file is missing, unreadable, empty, binary or otherwise unusable."""


class ConfigError(UserError):
    """A training or sampling setting is out of range."""


class CheckpointError(UserError):
    """A run folder is missing, truncated, from the future, or not safe to load."""


class DeviceError(UserError):
    """The requested device is not available on this machine."""
