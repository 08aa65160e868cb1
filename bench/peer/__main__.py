from bench.peer import ensure_venv

python = ensure_venv()
import subprocess  # noqa: E402

print(subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True).stdout)
