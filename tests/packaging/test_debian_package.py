"""The packaged app on a clean Debian 12 root: ``packaging/build_deb.sh`` builds the
.deb from this checkout, ``packaging/debian_root.sh`` makes a Debian 12 root with no
Python project on it, and Cordon is installed there with apt and run from outside
the checkout, with no venv, as an ordinary user: ``cordon --version``, ``store
create``, ``audit verify``, ``cordon logs``, the window started from its desktop
entry reaching the sign-in screen on a virtual screen (a screenshot is taken), its
log in the user's log folder, and a second copy refused.

Each command runs in a mount namespace of its own (``unshare``) that mounts /proc,
/dev and the X server's socket folder into the root, so nothing is left mounted.
Needs root, network access to Debian's archive the first time (the root and the
packages apt fetched are cached in .cache/), and Xvfb (scripts/bootstrap.sh --gui).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
OUT = ROOT / "packaging" / "out"
USER = "officer"
HOME = f"/home/{USER}"
LOG_DIR = f"{HOME}/.local/state/cordon/log"
PASSWORD = "Correct-Horse-Battery-41"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.package,
    pytest.mark.skipif(
        sys.platform != "linux" or os.geteuid() != 0, reason="needs Linux and root (chroot)"
    ),
]


def _run(args: list[str], timeout: float = 900, **kwargs: object) -> str:
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )  # type: ignore[call-overload]
    assert done.returncode == 0, f"{shlex.join(args)}\n{done.stdout}\n{done.stderr}"
    return str(done.stdout)


def _namespace(root: Path, script: str) -> list[str]:
    """A command running ``script`` in ``root`` inside a mount namespace of its own."""
    x11 = Path("/tmp/.X11-unix")
    if not x11.exists():  # no X server has run since the machine started (Xvfb makes it)
        x11.mkdir()
        x11.chmod(0o1777)  # as X makes it: anyone's server may put its socket here
    mounts = (
        f"mount -t proc proc {root}/proc && mount --rbind /dev {root}/dev && "
        f"mount -t sysfs sys {root}/sys && mkdir -p {root}/tmp/.X11-unix && "
        f"mount --bind /tmp/.X11-unix {root}/tmp/.X11-unix && "
        f"mount --bind {CACHE}/debian12-apt {root}/var/cache/apt/archives && "
    )
    inner = f"exec chroot {root} /bin/sh -c {shlex.quote(script)}"
    return ["unshare", "--mount", "--pid", "--fork", "--kill-child", "/bin/sh", "-c",
            mounts + inner]  # fmt: skip


def in_root(root: Path, script: str, timeout: float = 900) -> str:
    return _run(_namespace(root, script), timeout=timeout)


def as_officer(command: str, display: str = "") -> str:
    """``command`` as the officer, with the environment a desktop session gives."""
    env = (
        f"HOME={HOME} USER={USER} LOGNAME={USER} PATH=/usr/local/bin:/usr/bin:/bin "
        f"LANG=C.UTF-8 XDG_RUNTIME_DIR=/tmp/runtime-{USER} DISPLAY={display} "
        f"CORDON_PASSWORD={PASSWORD} QT_QPA_PLATFORM=xcb"
    )
    return f"su -s /bin/sh {USER} -c {shlex.quote(f'cd {HOME} && env -i {env} {command}')}"


@pytest.fixture(scope="module")
def deb() -> Path:
    path = Path(_run(["bash", str(ROOT / "packaging" / "build_deb.sh")]).strip())
    assert path.is_file() and path.suffix == ".deb"
    return path


@pytest.fixture(scope="module")
def debian(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("debian12") / "root"
    _run(["bash", str(ROOT / "packaging" / "debian_root.sh"), str(root)])
    (CACHE / "debian12-apt" / "partial").mkdir(parents=True, exist_ok=True)
    assert not (root / "usr" / "bin" / "python3").exists()  # no Python, no project
    shutil.copy(deb, root / "tmp" / "cordon.deb")
    shutil.copy("/etc/resolv.conf", root / "etc" / "resolv.conf")
    in_root(
        root,
        "export DEBIAN_FRONTEND=noninteractive && apt-get -q update >/dev/null && "
        "apt-get -q install -y --no-install-recommends /tmp/cordon.deb >/dev/null && "
        f"useradd --create-home --shell /bin/sh {USER} && "
        f"mkdir -p /tmp/runtime-{USER} && chown {USER} /tmp/runtime-{USER} && "
        f"chmod 700 /tmp/runtime-{USER}",
    )
    yield root
    shutil.rmtree(root.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def screen() -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is installed by scripts/bootstrap.sh --gui"
    number = 87
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    process = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _desktop_exec(root: Path) -> str:
    entry = (root / "usr/share/applications/cordon.desktop").read_text(encoding="utf-8")
    fields = dict(
        line.split("=", 1) for line in entry.splitlines() if "=" in line and "[" not in line
    )
    assert fields["Icon"] == "cordon" and fields["Terminal"] == "false"
    assert (root / "usr/share/icons/hicolor/scalable/apps/cordon.svg").is_file()
    assert (root / "usr/share/icons/hicolor/48x48/apps/cordon.png").is_file()
    return fields["Exec"]


def _wait_for(path: Path, text: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and text in (said := path.read_text(encoding="utf-8", errors="replace")):
            return said
        time.sleep(0.5)
    raise AssertionError(
        f"{text!r} never appeared in {path}:\n"
        + (path.read_text(errors="replace") if path.exists() else "(no file)")
    )


def _screenshot(display: str, out: Path) -> None:
    """The whole virtual screen, taken from outside the root with this checkout's Qt."""
    grab = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(['grab', '-platform', 'xcb'])\n"
        "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)\n"
    )
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    _run([str(ROOT / ".venv/bin/python"), "-c", grab, str(out)], timeout=60, env=env)


def test_the_deb_installs_on_clean_debian_12_and_cordon_runs_from_it(
    debian: Path, screen: str
) -> None:
    version = in_root(debian, as_officer("cordon --version"))
    assert version.strip().startswith("Cordon ")
    assert os.path.realpath(debian / "usr/bin/cordon").endswith("/opt/cordon/cordon")
    store = f"{HOME}/force.cordon"
    made = in_root(debian, as_officer(f"cordon store create {store} --user alice 2>&1"))
    assert "Created store" in made
    verified = in_root(debian, as_officer(f"cordon audit verify {store} --user alice 2>&1"))
    assert "intact" in verified.lower() or "verified" in verified.lower(), verified
    # The engine is the same executable with the serve verb (what a window starts).
    engine = in_root(
        debian,
        as_officer(
            f"sh -c 'echo {PASSWORD} | cordon serve {store} --user alice >/tmp/serve.out 2>&1 & "
            "for i in $(seq 120); do grep -q running /tmp/serve.out && break; sleep 0.5; done; "
            f"cordon engine status {store} --user alice; "
            f"cordon engine stop {store} --user alice --reason test; wait; cat /tmp/serve.out'"
        ),
        timeout=300,
    )
    assert "Cordon engine running" in engine and "Cordon engine stopped" in engine, engine
    assert (debian / LOG_DIR.lstrip("/") / "force-engine.log").is_file()
    where = in_root(debian, as_officer("cordon logs"))
    assert where.splitlines()[0] == LOG_DIR
    assert "cordon-cli.log" in where

    # The window, started as the desktop starts it: the Exec line of its entry.
    command = _desktop_exec(debian)
    log = debian / LOG_DIR.lstrip("/") / "cordon.log"
    first = subprocess.Popen(
        _namespace(debian, as_officer(f"{command} >/tmp/first.out 2>&1", screen)),
        start_new_session=True,
    )
    try:
        said = _wait_for(log, "the sign-in screen shows")
        assert "Traceback" not in said
        time.sleep(2)  # let it paint
        OUT.mkdir(parents=True, exist_ok=True)
        shot = OUT / "packaged-sign-in.png"
        _screenshot(screen, shot)
        assert shot.stat().st_size > 10_000
        # A second copy from the same entry is refused, and ends.
        second = in_root(debian, as_officer(f"{command} 2>&1", screen), timeout=120)
        assert "already open" in second, second
        assert first.poll() is None  # the first goes on
        _wait_for(log, "a second copy was refused")
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.wait(timeout=30)
