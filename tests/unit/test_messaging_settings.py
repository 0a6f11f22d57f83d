"""Broker settings from the store config: secrets from env or file, bad values located."""

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.messaging.policy import EscalationPolicy
from kiosk.messaging.settings import MqttSettings


def write(tmp_path, mqtt: str):
    path = tmp_path / "store.yaml"
    path.write_text("store: {id: s1}\nmqtt:\n" + mqtt)
    return path


def test_password_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MIRROR_PW", "s3cret")
    config = load_config(write(tmp_path, "  username: mirror-1\n  password_env: MIRROR_PW\n"))
    settings = MqttSettings.from_config(config)
    assert (settings.username, settings.password, settings.protocol) == ("mirror-1", "s3cret", "5")


def test_password_from_a_file_relative_to_the_config(tmp_path):
    (tmp_path / "pw").write_text("from-file\n")
    config = load_config(write(tmp_path, "  password_file: pw\n  tls: {ca_file: ca.pem}\n"))
    settings = MqttSettings.from_config(config)
    assert settings.password == "from-file" and settings.ca_file == str(tmp_path / "ca.pem")


def test_a_missing_secret_names_the_field_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    config = load_config(write(tmp_path, "  password_env: NOPE\n"))
    with pytest.raises(ConfigError) as err:
        MqttSettings.from_config(config)
    assert err.value.location.field == "mqtt.password_env" and "export NOPE" in err.value.fix


def test_escalation_delays_must_increase_and_errors_carry_the_line(tmp_path):
    path = write(tmp_path, "  requests:\n    escalate_after_s: [240, 90]\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "mqtt.requests.escalate_after_s" in str(err.value) and "store.yaml:4:" in str(err.value)


def test_unknown_keys_in_the_mqtt_section_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="unknown key 'pasword'"):
        load_config(write(tmp_path, "  pasword: x\n"))


def test_policy_levels_and_ladder():
    policy = EscalationPolicy(escalate_after_s=(60, 180))
    assert [policy.level_at(t) for t in (0, 59.9, 60, 179, 180, 10_000)] == [0, 0, 1, 1, 2, 2]
    assert [policy.notify(n) for n in (0, 1, 2, 5)] == ["zone", "floor_lead", "manager", "manager"]
