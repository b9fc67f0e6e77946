"""Speaker maps: data that tells which Chinese label stands for which English speaker.

Kept as YAML beside the articles (``seeds/speakers.yaml``) so adding an article never means editing code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from align.document import Role, Speaker
from align.errors import InputError

ROLES: tuple[Role, ...] = ("host", "guest", "audience", "narrator", "unknown")


@dataclass
class SpeakerMap:
    speakers: list[Speaker] = field(default_factory=list)
    quote_speaker: str | None = None

    def resolve(self, label: str) -> Speaker | None:
        """The speaker a label stands for; ``主持人X`` style prefixes are tried without the prefix too."""
        wanted = _norm(label)
        for sp in self.speakers:
            if wanted in {_norm(x) for x in (*sp.labels, sp.name)}:
                return sp
        return None

    def by_name(self, name: str) -> Speaker | None:
        return next((sp for sp in self.speakers if sp.name == name), None)


def _norm(label: str) -> str:
    return "".join(label.split()).replace("•", "·").replace("・", "·").casefold()


def parse_speaker_map(data: object, path: str | Path, key: str) -> SpeakerMap:
    if not isinstance(data, dict):
        raise InputError(path, None, f"speaker map for {key!r} must be a mapping")
    speakers = []
    for i, raw in enumerate(data.get("speakers") or [], 1):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise InputError(path, None, f"{key}: speaker #{i} needs a name")
        role = raw.get("role", "unknown")
        if role not in ROLES:
            raise InputError(path, None, f"{key}: speaker {raw['name']!r} has unknown role {role!r}")
        speakers.append(Speaker(name=str(raw["name"]), role=role, labels=[str(x) for x in raw.get("labels") or []]))
    return SpeakerMap(speakers=speakers, quote_speaker=data.get("quote_speaker"))


def load_speaker_maps(path: str | Path) -> dict[str, SpeakerMap]:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(p, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from None
    except OSError as exc:
        raise InputError(p, None, f"cannot read speaker map: {exc.strerror}") from None
    if not isinstance(data, dict):
        raise InputError(p, 1, "speaker map file must map document ids to speaker lists")
    return {str(k): parse_speaker_map(v, p, str(k)) for k, v in data.items()}


def find_speaker_map(doc_path: str | Path, doc_id: str, explicit: str | Path | None = None) -> SpeakerMap | None:
    """The map for a document: an explicit file, else ``speakers.yaml`` beside the file or one level up."""
    candidates = [Path(explicit)] if explicit else []
    here = Path(doc_path).resolve().parent
    candidates += [here / "speakers.yaml", here.parent / "speakers.yaml"]
    for c in candidates:
        if c.is_file():
            maps = load_speaker_maps(c)
            key = doc_id.removesuffix(".en")
            if key in maps:
                return maps[key]
            if explicit:
                raise InputError(c, None, f"no speaker map for document {key!r}")
    return None
