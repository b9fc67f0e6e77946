from __future__ import annotations

from glossary.mining.candidates import ChineseSegmenter, english_candidates, english_form_key


def keys(text: str) -> set[str]:
    return {c.key for c in english_candidates(text)}


def test_model_and_benchmark_names_stay_whole() -> None:
    found = keys("We ran GPT-4o and o1-preview on SWE-bench, and OpenAI's o1 did best.")
    assert {"gpt-4o", "o1-preview", "swe-bench", "openai", "o1"} <= found
    assert "gpt" not in found and "4o" not in found


def test_stopwords_generic_words_and_numbers_never_make_a_candidate() -> None:
    found = keys("I think the scaling laws are great, and 100,000x or 2025 is just a lot of people.")
    assert "scaling law" in found
    assert not found & {"i think", "the scaling", "great", "100,000x", "2025", "people", "lot of people"}


def test_key_folds_case_and_plural_but_keeps_the_surface() -> None:
    found = english_candidates("Agents talk to other agents.")
    assert {c.key for c in found} == {"agent"}
    assert [c.surface for c in found] == ["Agents", "agents"]
    assert english_form_key("AI agents") == english_form_key("AI agent") == "ai agent"


def test_inner_of_is_allowed_other_function_words_are_not() -> None:
    found = keys("a chain of thought, and models and data")
    assert "chain of thought" in found
    assert "model and data" not in found


def test_glossary_words_stay_whole_and_latin_tokens_are_kept() -> None:
    plain = ChineseSegmenter()
    with_glossary = ChineseSegmenter(["测试时计算"])
    text = "我们在GPT-4o上使用测试时计算。"
    assert "测试时计算" not in [w for chunk in plain.words(text) for w in chunk]
    words = [w for chunk in with_glossary.words(text) for w in chunk]
    assert "测试时计算" in words and "GPT-4o" in words


def test_chinese_ngrams_skip_stopword_edges_numbers_and_lone_characters() -> None:
    found = {c.surface for c in ChineseSegmenter().candidates("我们用1级表示聊天机器人，这是2024年的事。")}
    assert "聊天机器人" in found
    assert not {s for s in found if s.startswith(("我们", "用", "1")) or s.endswith("的")}


def test_a_name_with_a_middle_dot_is_one_candidate() -> None:
    found = {c.surface for c in ChineseSegmenter().candidates("采访了萨姆·奥特曼。")}
    assert "萨姆·奥特曼" in found


def test_adding_glossary_words_leaves_global_jieba_alone() -> None:
    import jieba

    ChineseSegmenter(["奇怪术语词"])
    assert "奇怪术语词" not in jieba.lcut("这是奇怪术语词")


def test_everyday_abbreviations_are_no_term_nor_the_edge_of_one() -> None:
    found = keys("Our CEO hired PhD students to measure GDP with GPT-4.")
    edges = {word for key in found for word in (key.split()[0], key.split()[-1])}
    assert not edges & {"ceo", "phd", "gdp"}
    assert "gpt-4" in found


def test_a_prefix_starts_a_chinese_candidate_but_is_none_on_its_own() -> None:
    found = {c.surface for c in ChineseSegmenter().candidates("我们先做预训练。")}
    assert "预训练" in found and "预" not in found


def test_candidates_know_where_they_start() -> None:
    english = {c.key: c.at for c in english_candidates("The flexibility is what I love.")}
    assert english["flexibility"] == len("The ") / len("The flexibility is what I love.")
    chinese = {c.surface: c.at for c in ChineseSegmenter().candidates("我喜欢它的灵活性。")}
    assert chinese["灵活性"] == 5 / 9
