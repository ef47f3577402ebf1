"""The release files (make dist, make dist-check): built into a temporary
folder, installed with no network into a clean venv and a new R library, and
the toy trained by each installed command line, identical to the checkout's
Python (about 80 s: the two builds, a venv, R compiling the package). Then the
content checks refuse files that lack or change what both packages share."""

import io
import tarfile
import zipfile

import pytest
from dist_check import DistError, artifacts, build, check, check_contents, python_version


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    return build(dist)


def test_release_files_install_offline_and_train_the_toy_as_the_checkout(release, tmp_path):
    done = check(release["sdist"].parent, tmp_path / "work")
    assert done["version"] == python_version()
    assert release["wheel"].name.startswith(f"twinnet-{python_version()}-cp3")
    assert release["r"].name == f"twinnet_{python_version()}.tar.gz"


def test_a_folder_without_the_release_files_is_refused(tmp_path):
    with pytest.raises(DistError, match="has no sdist, wheel, r of twinnet .*run make dist"):
        artifacts(tmp_path, "0.1.0")


def rewritten_sdist(sdist, out, member, change):
    """A copy of ``sdist`` at ``out`` with ``member`` changed by ``change``
    (its bytes to new bytes, or None to leave it out)."""
    with tarfile.open(sdist) as old, tarfile.open(out, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read() if info.isfile() else None
            if info.name.endswith(member):
                data = change(data)
                if data is None:
                    continue
                info.size = len(data)
            new.addfile(info, io.BytesIO(data) if data is not None else None)
    return out


@pytest.mark.parametrize(
    "member, change, message",
    [
        ("_core/tn_math.c", lambda b: b + b"\n", "tn_math.c and the R tarball's .* differ"),
        ("src/twinnet/cli.json", lambda b: None, "the sdist lacks src/twinnet/cli.json"),
        ("_core/tn_core.h", lambda b: None, "the sdist lacks src/twinnet/_core/tn_core.h"),
    ],
)
def test_an_sdist_unlike_the_r_tarball_is_refused(release, tmp_path, member, change, message):
    files = dict(release)
    files["sdist"] = rewritten_sdist(release["sdist"], tmp_path / "s.tar.gz", member, change)
    check_contents(release, python_version())  # the real one passes
    with pytest.raises(DistError, match=message):
        check_contents(files, python_version())


def test_a_wheel_without_the_compiled_core_is_refused(release, tmp_path):
    wheel = tmp_path / release["wheel"].name
    with zipfile.ZipFile(release["wheel"]) as real, zipfile.ZipFile(wheel, "w") as fake:
        for name in real.namelist():
            if not name.startswith("twinnet/_core/_ext"):
                fake.writestr(name, real.read(name))
    with pytest.raises(DistError, match="lacks the compiled core"):
        check_contents({**release, "wheel": wheel}, python_version())
