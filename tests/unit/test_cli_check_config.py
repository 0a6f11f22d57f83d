import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_config_prints_typo_and_wrong_type_with_lines_and_fails():
    result = subprocess.run([sys.executable, "-m", "kiosk", "check-config", "tests/data/config/broken.yaml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "broken.yaml:5: mirror.zoen: unknown key 'zoen' (fix: did you mean 'zone'?)" in result.stderr
    assert "broken.yaml:7: camera.fps:" in result.stderr and "write a number" in result.stderr
    assert "3 error(s)" in result.stderr


def test_check_config_accepts_the_example():
    result = subprocess.run([sys.executable, "-m", "kiosk", "check-config", "config/store.example.yaml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "OK" in result.stdout


def test_run_with_a_broken_config_shows_out_of_service_and_acts_as_no_store(tmp_path):
    broken = tmp_path / "store.yaml"
    broken.write_text("store:\n  id: BAD ID\n", encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    shot = tmp_path / "oos.png"
    scenario.write_text(f"- expect: attract\n- screenshot: {shot}\n- quit\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(broken), "--offscreen",
                             "--scenario", str(scenario)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**__import__("os").environ, "STATE_DIRECTORY": str(tmp_path)})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "config invalid, running out of service" in result.stderr
    assert "store.yaml:2" in result.stderr  # the log names the line to fix
    assert shot.is_file()
    assert not (tmp_path / "outbox.sqlite3").exists()  # no broker client was started


def test_check_config_gives_a_bad_url_a_url_fix_not_the_id_one(tmp_path):
    config = tmp_path / "store.yaml"
    config.write_text("store:\n  id: demo-store\nhandoff:\n  base_url: mirror.example.com\n"
                      "staff_app:\n  base_url: https://staff.example.com/app\n"
                      "back_office:\n  offline_alerts:\n    webhook_url: alerts.example.com/hook\n",
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "check-config", str(config)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    handoff = next(line for line in lines if "store.yaml:4: handoff.base_url:" in line)
    staff = next(line for line in lines if "store.yaml:6: staff_app.base_url:" in line)
    for line in (handoff, staff):
        assert "lower-case letters" not in line
        assert "(fix: a full URL, scheme and host only, such as https://mirror.example.com" in line, line
    webhook = next(line for line in lines if "store.yaml:9: back_office.offline_alerts.webhook_url:" in line)
    assert "(fix: a full URL such as https://mirror.example.com/…)" in webhook, webhook
