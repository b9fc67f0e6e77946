"""Tiny Marian and BERT checkpoints built from scratch, so the transformers paths run with no hub.

The Marian model is trained until it has memorised the corpus below: back-translations are then exact for
every sentence, which is what lets the QE test tell a planted mistranslation from the rest.
"""

from __future__ import annotations

from pathlib import Path

TITLE = ("测试访谈：模型与数据中心", "Test interview: models and data centers")
# (speaker label, paragraph, Chinese, English) in reading order.
SENTENCES = [
    ("主持人", 0, "欢迎来到我们的节目。", "Welcome to our show today."),
    ("主持人", 0, "今天我们来聊聊模型的进展。", "Today we talk about progress in models."),
    ("嘉宾", 0, "谢谢你们的邀请。", "Thank you for having me."),
    ("嘉宾", 0, "数据中心的建设非常缓慢。", "Building data centers is very slow."),
    ("嘉宾", 1, "我们正在训练更大的模型。", "We are training much bigger models."),
    ("嘉宾", 1, "算力比以前高了一百倍。", "Compute is a hundred times higher than before."),
    ("主持人", 0, "你认为明年会有进展吗？", "Do you think there will be progress next year?"),
    ("嘉宾", 0, "我认为会有很多进展。", "I think there will be a lot of progress."),
    ("嘉宾", 0, "测试时计算会变得更重要。", "Test time compute will become more important."),
    ("嘉宾", 0, "推理模型需要新的应用场景。", "Reasoning models need new kinds of applications."),
    ("主持人", 0, "最后一个问题是关于机器人的。", "The last question is about robots."),
    ("嘉宾", 0, "机器人领域明年会有突破。", "Robotics will have a breakthrough next year."),
    ("嘉宾", 0, "非常感谢你的时间。", "Thank you very much for your time."),
]
SPEAKERS = {"主持人": ("Jacob Effron", "host"), "嘉宾": ("Bob McGrew", "guest")}
# The published English says something else here: the one pair QE must flag.
PLANTED = (5, "My grandmother grew tomatoes in her sunny garden.")


def _turns() -> list[tuple[str, list[list[int]]]]:
    """Consecutive sentences of one speaker grouped into turns, and into paragraphs inside each turn."""
    turns: list[tuple[str, list[list[int]]]] = []
    for i, (label, para, _, _) in enumerate(SENTENCES):
        if not turns or turns[-1][0] != label:
            turns.append((label, [[i]]))
        elif para != SENTENCES[i - 1][1]:
            turns[-1][1].append([i])
        else:
            turns[-1][1][-1].append(i)
    return turns


def zh_article(labelled: bool = True) -> str:
    lines = [f"# {TITLE[0]}", "", "发布时间: 2024-12-19 11:01", "", "## 全文", ""]
    for label, paragraphs in _turns():
        for n, para in enumerate(paragraphs):
            text = "".join(SENTENCES[i][2] for i in para)
            lines += [f"**{label}：** {text}" if labelled and n == 0 else text, ""]
    return "\n".join(lines)


def speakers_yaml(doc_id: str) -> str:
    rows = [f"    - {{name: {name}, role: {role}, labels: [{label}]}}" for label, (name, role) in SPEAKERS.items()]
    return "\n".join([f"{doc_id}:", "  speakers:", *rows]) + "\n"


def en_transcript() -> str:
    """The published English, with the planted mistranslation."""
    english = [s[3] for s in SENTENCES]
    english[PLANTED[0]] = PLANTED[1]
    lines = ["# title: " + TITLE[1], "# reconstructed: yes"]
    lines += [f"# speaker: {name} | {role}" for name, role in SPEAKERS.values()]
    for label, paragraphs in _turns():
        for n, para in enumerate(paragraphs):
            text = " ".join(english[i] for i in para)
            lines += ["", f"{SPEAKERS[label][0]}: {text}" if n == 0 else text]
    return "\n".join(lines) + "\n"


def _wordpiece(texts: list[str], specials: list[str], template: str) -> object:
    """A WordPiece tokenizer whose vocabulary is every word of `texts` (each Chinese character is a word), in
    sorted order, wrapped so AutoTokenizer reloads it from the directory.

    Not trained with tokenizers' WordPieceTrainer: it numbers tokens of equal frequency in the order of a Rust
    hash map, which changes from process to process, so the models built on it differed run to run and the
    Marian one now and then failed to memorise a sentence."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    normalizer = normalizers.BertNormalizer(lowercase=False, handle_chinese_chars=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words = sorted(
        {word for text in texts for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text))}
    )
    vocab = {token: i for i, token in enumerate([*specials, *(w for w in words if w not in specials)])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token=specials[1]))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoders.WordPiece()
    ids = [(s, tok.token_to_id(s)) for s in specials if s in template]
    tok.post_processor = processors.TemplateProcessing(single=template, special_tokens=ids)
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token=specials[0], unk_token=specials[1])


def build_marian(directory: Path, max_steps: int = 200) -> Path:
    """A 1+1-layer Marian (d_model 32) with a shared zh+en vocabulary, trained until it has (nearly) memorised the
    corpus: at a loss of 0.05 per token greedy decoding reproduces all but the odd word."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    pairs = [TITLE, *((s[2], s[3]) for s in SENTENCES)]
    tokenizer = _wordpiece([t for p in pairs for t in p], ["<pad>", "<unk>", "</s>"], "$A </s>")
    tokenizer.eos_token = "</s>"
    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=64,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
    )
    model = MarianMTModel(config)
    source = tokenizer([p[0] for p in pairs], padding=True, return_tensors="pt")
    labels = tokenizer([p[1] for p in pairs], padding=True, return_tensors="pt")["input_ids"]
    labels[labels == tokenizer.pad_token_id] = -100
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(max_steps):
        loss = model(input_ids=source["input_ids"], attention_mask=source["attention_mask"], labels=labels).loss
        if loss.item() < 0.05:
            break
        loss.backward()
        optimiser.step()
        optimiser.zero_grad()
    model.eval()
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def build_bert(directory: Path) -> Path:
    """A 1-layer BERT (hidden 32), randomly initialised from a fixed seed: deterministic vectors, no meaning."""
    import torch
    from transformers import BertConfig, BertModel

    texts = [t for s in SENTENCES for t in (s[2], s[3])]
    tokenizer = _wordpiece(texts, ["[PAD]", "[UNK]", "[CLS]", "[SEP]"], "[CLS] $A [SEP]")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        pad_token_id=tokenizer.pad_token_id,
    )
    BertModel(config).eval().save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
