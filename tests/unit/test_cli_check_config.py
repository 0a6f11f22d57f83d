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
