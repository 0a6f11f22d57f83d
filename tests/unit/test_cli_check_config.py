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
