"""Broker connection settings, resolved from the store config (secrets from env or file)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import MqttSection, StoreConfig
from kiosk.errors import ConfigError, Location


@dataclass(frozen=True)
class MqttSettings:
    host: str = "127.0.0.1"
    port: int = 1883
    username: str | None = None
    password: str | None = None
    protocol: str = "5"  # "3.1.1" for amqtt (the demo broker), "5" in production
    keepalive_s: int = 30
    session_expiry_s: int = 7 * 24 * 3600
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None

    @property
    def tls(self) -> bool:
        return self.ca_file is not None

    @classmethod
    def from_config(cls, config: StoreConfig) -> MqttSettings:
        section = config.mqtt
        tls = section.tls

        def path(relative: str | None) -> str | None:
            return str(config.resolve(relative)) if relative else None
        return cls(host=section.host, port=section.port, username=section.username,
                   password=read_password(section, config), protocol=section.protocol,
                   keepalive_s=section.keepalive_s, session_expiry_s=section.session_expiry_s,
                   ca_file=path(tls.ca_file) if tls else None,
                   cert_file=path(tls.cert_file) if tls else None,
                   key_file=path(tls.key_file) if tls else None)


def read_password(section: MqttSection, config: StoreConfig) -> str | None:
    """The broker password from the named environment variable or file, never the config."""
    return read_secret(section.password_env, section.password_file, config, "mqtt")


def read_secret(env: str | None, file_name: str | None, config: StoreConfig, where: str) -> str | None:
    """A password from the environment variable ``env`` or the file ``file_name`` (relative to
    the config); errors name ``<where>.password_env`` / ``<where>.password_file``."""
    if env:
        value = os.environ.get(env)
        if value is None:
            raise ConfigError(f"environment variable {env} is not set",
                              location=Location(config.source_path, field=f"{where}.password_env"),
                              fix=f"export {env}=... before starting")
        return value
    if file_name:
        file = Path(config.resolve(file_name))
        try:
            return file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"cannot read password file {file}: {exc.strerror}",
                              location=Location(config.source_path, field=f"{where}.password_file"),
                              fix="create the file (mode 600) holding only the password") from None
    return None
