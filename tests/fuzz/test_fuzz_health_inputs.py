"""Inputs of the unattended layer: the crash-marks file (survives power cuts, may be torn),
systemd's environment, and the log lines the support bundle scrubs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.health.crashloop import MARKS_FILE, CrashCounter
from kiosk.health.redact import redact_config, scrub_line
from kiosk.health.sdnotify import SystemdNotifier

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
JSONISH = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
                       lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@SETTINGS
@given(raw=st.binary(max_size=500))
def test_any_crash_marks_file_gives_a_decision(tmp_path, raw):
    (tmp_path / MARKS_FILE).write_bytes(raw)
    decision = CrashCounter(tmp_path).record_start()
    assert decision.level in ("normal", "safe", "minimal")


@SETTINGS
@given(env=st.dictionaries(st.sampled_from(["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"]),
                           st.text(max_size=120), max_size=3))
def test_any_systemd_environment_is_harmless(env):
    notifier = SystemdNotifier(environ=env)
    assert notifier.watchdog_s is None or notifier.watchdog_s > 0
    notifier.watchdog()  # may fail to send: logged, never raised
    notifier.close()


@SETTINGS
@given(line=st.text(max_size=300), email=st.emails())
def test_scrubbed_lines_never_keep_an_email(line, email):
    assert email not in scrub_line(f"{line} {email} {line}")


@SETTINGS
@given(config=JSONISH)
def test_redaction_keeps_the_shape_of_any_config(config):
    redacted = redact_config({"mqtt": {"password": config, "host": config}})
    assert redacted["mqtt"]["password"] == "<redacted>" or config is None
    assert type(redacted["mqtt"]["host"]) is type(config)
