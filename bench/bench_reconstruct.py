"""Speed and resident memory of `bitext reconstruct` with a model of opus-mt-zh-en's size, on seed 000.

No checkpoint can be downloaded here, so the model is a randomly initialised MarianMTModel with
Helsinki-NLP/opus-mt-zh-en's dimensions (vocab 65,001, d_model 512, 6+6 layers, 8 heads, FFN 2,048: 77.9M
parameters). Cost per token is the real one; what random weights change is output length: they never emit
</s>, so every batch decodes to the cap (twice the longest source plus 8 tokens), an upper bound on the time a
trained model needs. The source tokenizer is a BPE trained on the five seeds (vocab 8,000), standing in for
opus-mt's SentencePiece model. Each batch size runs in a fresh process so its peak RSS is its own.

Run: .venv/bin/python bench/bench_reconstruct.py [--limit N] [--batch-sizes 1,8,16,32] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.mt.memory import peak_resident_bytes, resident_bytes  # noqa: E402
from align.mt.translator import DEFAULT_MAX_MEMORY, Translator  # noqa: E402
from align.readers import read_document  # noqa: E402

SEED = ROOT / "seeds" / "zh" / "000_4d21a948163676b1.txt"
MB = 1024**2
OPUS_MT_ZH_EN = {
    "vocab_size": 65001,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "max_position_embeddings": 512,
    "scale_embedding": True,
}


def seed_texts() -> list[str]:
    """What reconstruct sends to the model for seed 000: the title, then every sentence."""
    doc = read_document(SEED, language="zh")
    return [doc.metadata.title or "", *(s.text for _, s in doc.sentences())]


def build_model(directory: Path) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import MarianConfig, MarianMTModel, PreTrainedTokenizerFast

    specials = ["</s>", "<unk>", "<pad>"]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*/*.txt"))]
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=8000, special_tokens=specials))
    tok.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 0)])
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="</s>", unk_token="<unk>", pad_token="<pad>")
    torch.manual_seed(0)
    config = MarianConfig(**OPUS_MT_ZH_EN, pad_token_id=2, eos_token_id=0, decoder_start_token_id=2)
    MarianMTModel(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def reset_peak() -> bool:
    """Linux lets a process reset its own peak RSS (VmHWM), so translation's peak is told apart from loading's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def translation_peak() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return peak_resident_bytes()


def measure(model: Path, batch_size: int, limit: int, max_memory: int) -> dict[str, object]:
    """One batch size in this process: load, warm up on one sentence, then translate the first `limit` texts."""
    texts = seed_texts()
    subset = texts[:limit] if limit else texts
    before_load = resident_bytes()
    translator = Translator(str(model), batch_size=batch_size, max_memory=max_memory)
    translator.translate(["你好。"])
    loaded = resident_bytes()
    separate_peak = reset_peak()
    start, cpu_start = time.perf_counter(), time.process_time()
    translator.translate(subset)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = peak_resident_bytes()
    translating = translation_peak() if separate_peak else peak
    rate = len(subset) / seconds
    from transformers import AutoTokenizer

    source_tokens = sum(len(ids) for ids in AutoTokenizer.from_pretrained(model)(subset)["input_ids"])
    return {
        "batch_size": batch_size,
        "final_batch_size": translator.batch_size,
        "sentences": len(subset),
        "seed_sentences": len(texts),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "sentences_per_s": round(rate, 2),
        "sentences_per_cpu_s": round(len(subset) / cpu, 2),
        "full_seed_minutes_extrapolated": round(len(texts) / rate / 60, 1),
        "source_tokens_per_sentence": round(source_tokens / len(subset), 1),
        "python_rss_mb": round(before_load / MB),
        "rss_after_load_mb": round(loaded / MB),
        "peak_rss_translating_mb": round(translating / MB),
        "peak_rss_mb": round(peak / MB),
        "under_budget": peak <= max_memory,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=160, help="first N texts of the seed (0: all 702)")
    parser.add_argument("--batch-sizes", default="1,8,16,32")
    parser.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, int(args.batch_sizes), args.limit, args.max_memory)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        model = build_model(Path(tmp) / "opus-mt-sized")
        rows = []
        for size in args.batch_sizes.split(","):
            cmd = [sys.executable, __file__, "--child", str(model), "--batch-sizes", size, "--limit", str(args.limit)]
            cmd += ["--max-memory", str(args.max_memory)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows))
        return
    for row in rows:
        print("  ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
