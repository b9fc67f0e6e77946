from pathlib import Path

import pytest

from align.beads import Bead, check_coverage, format_bead, parse_beads, read_beads, write_beads
from align.errors import InputError


def test_round_trip(tmp_path: Path) -> None:
    beads = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ()), Bead((), (2,)), Bead((4,), (3, 4, 5))]
    path = tmp_path / "x.align"
    write_beads(path, beads)
    assert path.read_text().splitlines()[1] == "[1,2]:[1]"
    assert [b.key for b in read_beads(path)] == [b.key for b in beads]


def test_reads_spaced_form_written_by_other_tools() -> None:
    assert parse_beads(["[0, 1]:[0]", "", "[2]:[1, 2]"]) == [Bead((0, 1), (0,)), Bead((2,), (1, 2))]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[0]-[1]", "expected"),
        ("[a]:[1]", "not a non-negative integer"),
        ("[0,2]:[1]", "not consecutive"),
        ("[]:[]", "at least one sentence"),
        ("[-1]:[0]", "not a non-negative integer"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.align"
    path.write_text(f"[0]:[0]\n{line}\n")
    with pytest.raises(InputError) as caught:
        read_beads(path)
    assert caught.value.line == 2
    assert message in caught.value.message
    assert str(path) in str(caught.value)


def test_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_beads(tmp_path / "nope.align")


def test_coverage_check() -> None:
    check_coverage([Bead((0,), (0, 1)), Bead((1,), ())], 2, 2)
    with pytest.raises(ValueError, match="continue"):
        check_coverage([Bead((0,), (1,))], 1, 2)
    with pytest.raises(ValueError, match="cover"):
        check_coverage([Bead((0,), (0,))], 2, 1)
    assert format_bead(Bead((), (7,))) == "[]:[7]"
