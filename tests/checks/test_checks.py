"""Each check on small pairs taken from the seeds: one true positive and one true negative at least."""

from __future__ import annotations

from glossary.checks import ALL_CHECKS
from glossary.checks.base import Context, Pair
from glossary.checks.runner import run_checks, select_checks
from glossary.matcher import TermIndex
from glossary.model import Concept
from glossary.numerals import chinese_values, english_quantities, parse_chinese_numeral

CONCEPTS = [
    Concept(
        id="agent",
        en="agent",
        en_variants=("agents", "AI agent", "AI agents"),
        zh="智能体",
        zh_admitted=("AI智能体", "代理人"),
        zh_forbidden=("代理",),
        domain=("agents",),
        note="代理 reads as proxy or agency",
    ),
    Concept(
        id="test-time-compute",
        en="test-time compute",
        en_variants=("test time compute",),
        zh="测试时计算",
        zh_admitted=("推理时计算",),
        zh_forbidden=("测试时间计算",),
        domain=("inference",),
    ),
    Concept(
        id="gpqa",
        en="GPQA",
        zh="GPQA",
        zh_admitted=("研究生级防谷歌搜索问答",),
        case_sensitive=True,
        domain=("benchmark",),
    ),
    Concept(
        id="person-alex-karp", en="Alex Karp", zh="亚历克斯·卡普", zh_admitted=("Alex Karp", "卡普"), domain=("person",)
    ),
]


def ctx() -> Context:
    return Context(index=TermIndex.build(CONCEPTS))


def pair(en: list[str] | str, zh: list[str] | str, **kw: object) -> Pair:
    en = [en] if isinstance(en, str) else en
    zh = [zh] if isinstance(zh, str) else zh
    kw.setdefault("bead_id", "b")
    return Pair(doc_id="d", idx=0, en_sentences=en, zh_sentences=zh, **kw)  # type: ignore[arg-type]


def flags(p: Pair | list[Pair], only: str, context: Context | None = None) -> list:
    pairs = p if isinstance(p, list) else [p]
    return [f for _, f in run_checks(pairs, select_checks([only]), context or ctx())]


def test_every_check_id_in_the_issue_exists() -> None:
    ids = {c.id for c in ALL_CHECKS}
    assert ids >= {
        "glossary.missing",
        "glossary.forbidden",
        "glossary.inconsistent",
        "entity.lost",
        "number.mismatch",
        "align.omission",
        "align.addition",
        "speaker.mismatch",
        "length.ratio",
        "untranslated",
        "punct.halfwidth",
        "punct.unpaired",
        "repeat",
        "similarity.low",
    }
    assert all(c.severity in ("error", "warning", "info") and c.category for c in ALL_CHECKS)


def test_forbidden_rendering_of_agents_with_spans() -> None:
    p = pair("Agents are the next big thing.", "代理是下一个趋势。")
    (f,) = flags(p, "glossary.forbidden")
    assert f.severity == "error"
    assert p.zh[slice(*f.zh_spans[0])] == "代理"
    assert p.en[slice(*f.en_spans[0])] == "Agents"
    assert f.suggestion == "智能体"
    assert not flags(pair("Agents are the next big thing.", "智能体是下一个趋势。"), "glossary.forbidden")
    assert not flags(pair("Use a proxy server.", "使用代理服务器。"), "glossary.forbidden")


def test_missing_term_respects_admitted_renderings() -> None:
    (f,) = flags(
        pair(
            "We have been thinking about test-time compute since 2020.", "我们从 2020 年就开始思考如何更好地利用计算。"
        ),
        "glossary.missing",
    )
    assert f.suggestion == "测试时计算"
    assert not flags(pair("test-time compute", "推理时计算"), "glossary.missing")
    # A forbidden rendering is glossary.forbidden's business, not a missing term.
    assert not flags(pair("test-time compute", "测试时间计算"), "glossary.missing")


def test_inconsistent_renderings_within_a_document() -> None:
    pairs = [
        pair("Agents matter.", "智能体很重要。", bead_id="1"),
        pair("An agent acts.", "智能体会行动。", bead_id="2"),
        pair("Agents again.", "代理人又来了。", bead_id="3"),
        pair("AI agents are here.", "AI智能体来了。", bead_id="4"),
    ]
    (f,) = flags(pairs, "glossary.inconsistent")
    assert f.bead_id == "3" and f.suggestion == "智能体"


def test_lost_names_and_acronyms() -> None:
    (f,) = flags(
        pair("The best analogy comes from Alex Karp at Palantir.", "最好的类比来自 Palantir 的 Alex Carp。"),
        "entity.lost",
    )
    assert "Alex Karp" in f.message
    assert not flags(pair("Alex Karp said so.", "卡普这么说。"), "entity.lost")
    lost = flags(pair("We trained it with RLHF on H100s.", "我们用强化学习训练了它。"), "entity.lost")
    assert {(f.key, f.severity) for f in lost} == {("RLHF", "info"), ("H100s", "warning")}
    assert not flags(pair("o1 scores well on GPQA.", "o1 在GPQA上得分很高。"), "entity.lost")


def test_numbers_across_scripts() -> None:
    assert not flags(
        pair("It went up 100x, to about 1.5 billion dollars.", "增加了一百倍，约15亿美元。"), "number.mismatch"
    )
    assert not flags(pair("Two people in the 90s.", "90年代的两个人。"), "number.mismatch")
    (f,) = flags(pair("It took 30 seconds.", "它花了 20 秒。"), "number.mismatch")
    assert f.evidence["value"] == 30
    assert not flags(pair("GPT-4 and o1 and Dota 2.", "GPT-4、o1 和 Dota 2。"), "number.mismatch")


def test_numeral_parsing() -> None:
    assert parse_chinese_numeral("一百二十") == 120
    assert parse_chinese_numeral("十五亿") == 1.5e9
    assert parse_chinese_numeral("二〇二四") == 2024
    assert 6e9 in chinese_values("资产管理规模为 60 亿美元")
    assert [q.value for q in english_quantities("ten thousand times, twenty-five, 50%")] == [10000, 25, 50]


def test_omission_and_addition() -> None:
    (f,) = flags(
        pair("This is a long sentence that the translator simply left out of the article.", []), "align.omission"
    )
    assert f.severity == "error"
    (g,) = flags(pair([], "这是译者加的一句很长的话，原文里根本没有。"), "align.addition")
    assert g.severity == "warning"
    assert not flags(pair("Hi.", "你好。"), "align.omission")


def test_whole_missing_turn_is_said() -> None:
    pairs = [pair("Yes.", [], en_turn=4, en_speaker="Logan Bartlett", bead_id="x")]
    (f,) = flags(pairs, "align.omission")
    assert "whole turn of Logan Bartlett" in f.message


def test_speaker_mismatch_but_audience_roles_agree() -> None:
    (f,) = flags(
        pair("Thanks for having me.", "谢谢邀请。", en_speaker="Bob McGrew", zh_speaker="Jacob Effron"),
        "speaker.mismatch",
    )
    assert f.severity == "error"
    assert not flags(
        pair(
            "Q?", "问？", en_speaker="Audience Member 1", en_role="audience", zh_speaker="Audience", zh_role="audience"
        ),
        "speaker.mismatch",
    )


def test_halfwidth_and_unpaired_punctuation() -> None:
    p = pair("Many people ask me what changed?", "很多人问我,最不同寻常的变化是什么?")
    (f,) = flags(p, "punct.halfwidth")
    assert [p.zh[s:e] for s, e in f.zh_spans] == [",", "?"]
    assert not flags(pair("Use GPT-4, o1.", "用 GPT-4, o1。"), "punct.halfwidth")
    assert flags(pair("He said it.", "他说：“这很好。"), "punct.unpaired")
    assert not flags(pair("He said it.", "他说：“这很好。”"), "punct.unpaired")


def test_chinese_repetition() -> None:
    (f,) = flags(pair("It is really good.", "这真的的很好。"), "repeat")
    assert f.zh_spans == [(2, 4)]
    assert flags(pair("We we think.", "我们我们认为。"), "repeat")
    assert not flags(pair("Step by step, thanks.", "一步一步，谢谢。"), "repeat")
    assert not flags(pair("Look.", "看看。"), "repeat")
    assert not flags(pair("Really, really good.", "非常非常好。"), "repeat")
    assert not flags(pair("For this purpose.", "用于此目的的方法。"), "repeat")
    assert not flags(pair("AI can maybe do it.", "人工智能可能可以做到。"), "repeat")


def test_untranslated_english() -> None:
    (f,) = flags(pair("We need a new form factor.", "我们需要一个新的 form factor 来解锁。"), "untranslated")
    assert f.key == "form factor"
    assert not flags(pair("We need a new form factor.", "我们需要新的产品形态（form factor）。"), "untranslated")
    assert not flags(pair("OpenAI and GPT-4.", "OpenAI 和 GPT-4。"), "untranslated")


def test_length_and_similarity_are_calibrated_per_document() -> None:
    normal = [
        pair(
            f"This is English sentence number {i} with words.",
            "这是第几个中文句子，有一些字。",
            bead_id=str(i),
            score=0.5,
        )
        for i in range(20)
    ]
    short = pair(
        "This is a long English sentence that says a great many things at once.", "短。", bead_id="s", score=-0.4
    )
    found = flags([*normal, short], "length.ratio")
    assert [f.bead_id for f in found] == ["s"]
    low = flags([*normal, short], "similarity.low")
    assert [f.bead_id for f in low] == ["s"]


def test_quotes_spanning_sentences_are_balanced_per_turn() -> None:
    pairs = [
        pair("He said: this is good.", "他说：“这很好。", bead_id="1", zh_turn=3),
        pair("Really good.", "真的很好。”", bead_id="2", zh_turn=3),
    ]
    assert not flags(pairs, "punct.unpaired")
    assert flags([pairs[0]], "punct.unpaired")


def test_one_finding_per_span_keeps_the_most_specific_check() -> None:
    p = pair("Agents are the next big thing.", "代理是下一个趋势。")
    context = ctx()
    from glossary.model import Rule
    from glossary.rules import compile_rule

    rule = compile_rule(
        Rule(
            id="agent-proxy",
            severity="error",
            category="terminology",
            message="agent is 智能体",
            en=r"\bagents?\b",
            zh="代理",
        )
    )
    found = run_checks([p], select_checks(["glossary.forbidden", "rule"], (), [rule]), context)
    assert [f.check for _, f in found] == ["rule.agent-proxy"]


def test_fingerprints_are_stable_and_distinct() -> None:
    p = pair("Agents are here. Agents.", "代理来了。代理。")
    a = [f.fingerprint(p) for f in flags(p, "glossary")]
    b = [f.fingerprint(p) for f in flags(p, "glossary")]
    assert a == b and len(set(a)) == len(a)
