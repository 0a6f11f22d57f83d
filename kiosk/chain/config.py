"""The head-office chain config (chain.yaml): cluster, database and the stores with regions.

    cluster: {addresses: ["nats-1.chain.example.com:8883", ...], username: head-office,
              password_env: CHAIN_MQTT_PASSWORD, ca_file: /etc/kiosk/chain-ca.pem}
    database_url: postgresql://insight@db.chain.example.com/chain
    stores: {paris-01: {region: ile-de-france}, lyon-02: {region: sud-est}}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.errors import ConfigError, Location

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


class Cluster(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    addresses: list[Annotated[str, StringConstraints(pattern=r"^[^:\s]+:\d{1,5}$")]] = Field(min_length=1)
    username: str = "head-office"
    password_env: str = "CHAIN_MQTT_PASSWORD"
    ca_file: str | None = None


class StoreEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    region: Id = "default"


class ChainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    cluster: Cluster
    database_url: str | None = None
    stores: dict[Id, StoreEntry] = Field(min_length=1)

    def select(self, stores: list[str] | None = None, region: str | None = None) -> list[str]:
        """The chosen group: named stores, a region, or (neither) every store."""
        chosen = sorted(self.stores)
        if stores:
            unknown = sorted(set(stores) - set(self.stores))
            if unknown:
                raise ConfigError(f"unknown store(s): {', '.join(unknown)}",
                                  fix="add them under stores: in the chain config")
            chosen = sorted(set(stores))
        if region:
            chosen = [s for s in chosen if self.stores[s].region == region]
            if not chosen:
                raise ConfigError(f"no store in region {region!r}", fix="check stores: in the chain config")
        return chosen

    def regions(self) -> dict[str, str]:
        return {store: entry.region for store, entry in self.stores.items()}

    def password(self) -> str | None:
        return os.environ.get(self.cluster.password_env)


def load_chain_config(path: str | Path) -> ChainConfig:
    try:
        data = yaml.safe_load(Path(path).read_text())
        return ChainConfig.model_validate(data)
    except OSError as exc:
        raise ConfigError(f"cannot read the chain config: {exc}", location=Location(str(path))) from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"invalid chain config: {exc}", location=Location(str(path)),
                          fix="see the example in docs/chain.md") from None
