import subprocess
import sys

FORBIDDEN = ("flask", "sqlite3", "sqlite_utils", "requests", "matplotlib", "creatorkit.storage")


def test_importing_kpi_loads_no_web_database_or_http_module():
    code = (
        "import sys, creatorkit.kpi; "
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
