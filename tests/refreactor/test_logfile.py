"""twisted.python.logfile on refreactor: size and daily rotation, readers, modes."""

import os
import time

import pytest
from refreactor.python import logfile


def test_log_file_rotates_by_size_and_keeps_at_most_max(tmp_path):
    log = logfile.LogFile("app.log", str(tmp_path), rotateLength=10, maxRotatedFiles=2)
    for n in range(7):
        log.write(f"record {n}\n")  # 9 bytes: a rotation before every other write.
    log.flush()
    assert log.listLogs() == [1, 2]
    assert (tmp_path / "app.log").read_text() == "record 6\n"
    assert log.getLog(1).readLines() == ["record 4\n", "record 5\n"]
    reader = log.getLog(2)
    assert reader.readLines(1) == ["record 2\n"]
    reader.close()
    with pytest.raises(ValueError):
        log.getLog(3)
    log.close()
    assert log.closed


def test_log_file_appends_and_counts_an_existing_file(tmp_path):
    (tmp_path / "app.log").write_bytes(b"12345")
    log = logfile.LogFile.fromFullPath(str(tmp_path / "app.log"), rotateLength=6)
    assert log.size == 5
    log.write(b"6")
    log.write("7")
    log.close()
    assert (tmp_path / "app.log").read_bytes() == b"7"
    assert (tmp_path / "app.log.1").read_bytes() == b"123456"


def test_default_mode_is_applied(tmp_path):
    log = logfile.LogFile("secret.log", str(tmp_path), defaultMode=0o600)
    log.close()
    assert os.stat(tmp_path / "secret.log").st_mode & 0o777 == 0o600


def test_daily_log_file_rotates_on_a_new_day(tmp_path):
    log = logfile.DailyLogFile("day.log", str(tmp_path))
    log.write("today\n")
    yesterday = time.time() - 86400
    log.lastDate = log.toDate(yesterday)
    log.write("tomorrow\n")
    log.flush()
    rotated = tmp_path / f"day.log.{log.suffix(yesterday)}"
    assert rotated.read_text() == "today\n"
    assert (tmp_path / "day.log").read_text() == "tomorrow\n"
    for day, lines in ((yesterday, ["today\n"]), (time.time(), ["tomorrow\n"])):
        reader = log.getLog(day)
        assert reader.readLines() == lines
        reader.close()
    assert log.suffix((2026, 12, 1)) == "2026_12_1"
    log.close()
