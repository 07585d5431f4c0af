"""Build a genuine, tiny argostranslate package offline: a copy model that echoes its input.

The package has everything a real one has, so argostranslate loads it through its own code path:
`metadata.json`, a SentencePiece model trained in-process, a CTranslate2 Transformer in `model/` and a MiniSBD
sentence splitter in `minisbd/`. The Transformer's weights are set by hand so that it copies the source:

- self-attention and feed-forward sublayers are zero, so each residual stream is just its input;
- a vector is `[token part | position part]`; every part sums to zero and has a fixed norm, so each LayerNorm
  only rescales it by a known factor;
- positions are cos/sin pairs with periods 2, 4, ..., 1024 (each pair also stored negated): two positions
  below 1024 differ in at least one period by half a turn, so cross-attention from target position t peaks
  sharply on source position t;
- the cross-attention value path carries the source token part, and the output projection is the encoder
  embedding, so the argmax at step t is source token t; `add_source_eos` makes `</s>` the last copied token.

Every sentence then comes back token for token (argostranslate's own post-processing still applies: it turns
`_` into a space). The splitter ends a token at every character and a sentence at `.`, `!` and `?`, so
argostranslate never downloads a MiniSBD model. Builds are deterministic: same arguments, same bytes.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import ctranslate2
import numpy as np
import onnx
import sentencepiece as spm
from onnx import TensorProto, helper

ARGOS_VERSION = "1.11.0"
VOCAB_SIZE = 800
TOKEN_DIMS = 64
NUM_PERIODS = 10  # periods 2**1 .. 2**10: positions 0..1023 stay distinct
PART_NORM2 = 2 * NUM_PERIODS  # squared norm of a position vector, and of a token vector
ATTENTION_GAP = 40.0  # smallest score gap between the aligned source position and any other
LOGIT_SCALE = 100.0  # logit of the copied token; another token gets at most LOGIT_SCALE * its cosine
SEED = 20221124
SENTENCE_ENDS = (".", "!", "?")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "de": "German", "uk": "Ukrainian", "fr": "French"}

# Training text for the tokenizer: names and wording of the example articles, in the package languages.
CORPUS = """\
The summit in Kyiv ended. Nobody signed.
On 24 November 2022 the CSTO summit ended in Yerevan without a joint declaration.
Lukashenka said the bloc must respond; the Kremlin said nothing at all.
Shelling near Luhansk and Donetsk continued overnight, the regional governor said.
Ukrainian officials in Kyiv and Kharkiv reported power cuts after the strikes.
The minister met reporters in Minsk, Moscow and Warsaw before the vote.
"We will not recognise the referendum," the spokesperson told the agency.
Prices rose by 12.5% in October; the central bank raised rates to 25%.
La cumbre de la OTSC terminó en Ereván sin una declaración conjunta.
Lukashenka dijo que el bloque debe responder; el Kremlin no dijo nada.
Los bombardeos cerca de Luhansk y Donetsk continuaron durante la noche.
Los funcionarios ucranianos en Kiev informaron de cortes de electricidad.
El ministro habló con los periodistas en Minsk, Moscú y Varsovia.
«No reconoceremos el referéndum», dijo la portavoz a la agencia.
Los precios subieron un 12,5 % en octubre; el banco central subió los tipos.
Der Gipfel der OVKS endete in Eriwan ohne gemeinsame Erklärung.
Lukaschenka sagte, das Bündnis müsse reagieren; der Kreml schwieg.
Der Beschuss bei Luhansk und Donezk ging die ganze Nacht weiter.
Ukrainische Beamte in Kyjiw meldeten Stromausfälle nach den Angriffen.
Саміт ОДКБ у Єревані завершився без спільної декларації.
Обстріли поблизу Луганська тривали всю ніч, заявив голова області.
Лукашенко сказав, що блок має відповісти; Кремль мовчав.
Question? Answer! Numbers 0 1 2 3 4 5 6 7 8 9 (brackets) [x] {y} "quotes" 'single' - / : ; , @ # & * + = < >
ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz ÁÉÍÓÚÑÜ áéíóúñü ÄÖẞ äöß ¿¡ «» „“ ” ‘ ’ – — … % $ € ~ ^ | \\ ` _
АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ абвгґдеєжзиіїйклмнопрстуфхцчшщьюя ЁЪЫЭ ёъыэ
"""


def build_tiny_package(
    dest: Path,
    *,
    from_code: str = "en",
    to_code: str = "es",
    version: str = "1.0",
    name: str | None = None,
) -> Path:
    """Write a copy-model `.argosmodel` for `from_code` -> `to_code` into `dest` and return its path.

    The zip holds one folder, `name` (default `translate-<from>_<to>-<version with _>`), with `metadata.json`,
    `sentencepiece.model`, `model/` (CTranslate2) and `minisbd/<from_code>.onnx`.
    """
    name = name or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    dest.mkdir(parents=True, exist_ok=True)
    sp_model = train_sentencepiece()
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    metadata = {
        "type": "translate",
        "package_name": name,
        "package_version": version,
        "argos_version": ARGOS_VERSION,
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
    }
    members = {
        "metadata.json": (json.dumps(metadata, indent=2, sort_keys=True) + "\n").encode(),
        "sentencepiece.model": sp_model,
        f"minisbd/{from_code}.onnx": minisbd_model(from_code),
    }
    with tempfile.TemporaryDirectory(prefix=".argos-tiny-", dir=dest) as work:
        model_files = copy_model_files(vocabulary, Path(work))
    members.update({f"model/{file}": data for file, data in model_files.items()})

    path = dest / f"{name}.argosmodel"
    path.write_bytes(_deterministic_zip(name, members))
    return path


def train_sentencepiece() -> bytes:
    """Train the shared SentencePiece model on CORPUS and return its serialized bytes.

    Byte fallback makes every input encodable without `<unk>` (Cyrillic, CJK, emoji); digits are split so
    numeric placeholders tokenize digit by digit; `identity` keeps the text as written (no NFKC).
    """
    model = io.BytesIO()
    spm.set_random_generator_seed(SEED)
    spm.SentencePieceTrainer.train(
        sentence_iterator=_corpus_lines(),
        model_writer=model,
        vocab_size=VOCAB_SIZE,
        model_type="bpe",
        normalization_rule_name="identity",
        character_coverage=1.0,
        byte_fallback=True,
        split_digits=True,
        hard_vocab_limit=False,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    return model.getvalue()


def _corpus_lines() -> Iterator[str]:
    # Repeating the text gives the unigram trainer enough counts to keep whole words as pieces.
    for _ in range(3):
        yield from CORPUS.splitlines()


def copy_model_files(vocabulary: list[str], work: Path) -> dict[str, bytes]:
    """Return the files of a CTranslate2 model (name -> bytes) that copies its input; `work` is scratch space."""
    spec = copy_model_spec(vocabulary)
    spec.validate()
    spec.optimize(quantization="float32")
    spec.save(str(work))
    return {path.name: path.read_bytes() for path in sorted(work.iterdir())}


def copy_model_spec(vocabulary: list[str]) -> ctranslate2.specs.TransformerSpec:
    """Return a 1-layer, 1-head TransformerSpec with the copy weights described in the module docstring."""
    vocab_size = len(vocabulary)
    token_embeddings = _token_embeddings(vocab_size)
    positions = _position_encodings()
    t_dims, p_dims = TOKEN_DIMS, positions.shape[1]
    d_model = t_dims + p_dims
    tok = slice(0, t_dims)
    pos = slice(t_dims, d_model)

    enc_embeddings = np.zeros((vocab_size, d_model), np.float32)
    enc_embeddings[:, tok] = token_embeddings
    encodings = np.zeros((positions.shape[0], d_model), np.float32)
    encodings[:, pos] = positions
    # LayerNorm of a zero-mean vector x is x * sqrt(d_model) / |x|; both parts have squared norm PART_NORM2.
    enc_scale = np.sqrt(d_model / (2 * PART_NORM2))  # encoder output: token + position
    dec_scale = np.sqrt(d_model / PART_NORM2)  # decoder input: position only (token embeddings are zero)
    # Score = query . key / sqrt(d_model); the positions' dot product drops by >= 4 off the aligned position.
    query_gain = ATTENTION_GAP / 4 * np.sqrt(d_model) / (dec_scale * enc_scale)
    # The decoder state becomes position + enc_scale * source token; the final LayerNorm rescales it by:
    final_scale = np.sqrt(d_model / (PART_NORM2 * (1 + enc_scale**2)))
    output_gain = LOGIT_SCALE / (final_scale * enc_scale * PART_NORM2)

    spec = ctranslate2.specs.TransformerSpec.from_config((1, 1), num_heads=1)
    spec.config.add_source_eos = True
    for stack in (spec.encoder, spec.decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = encodings
        _set_layer_norm(stack.layer_norm, d_model)
        layer = stack.layer[0]
        _zero_attention(layer.self_attention, d_model, fused=3)
        _zero_ffn(layer.ffn, d_model)
    spec.encoder.embeddings[0].weight = enc_embeddings
    spec.decoder.embeddings.weight = np.zeros((vocab_size, d_model), np.float32)

    cross = spec.decoder.layer[0].attention
    _set_layer_norm(cross.layer_norm, d_model)
    query = np.zeros((d_model, d_model), np.float32)
    query[pos, pos] = query_gain * np.eye(p_dims)
    key_value = np.zeros((2 * d_model, d_model), np.float32)
    key_value[pos, pos] = np.eye(p_dims)  # keys: source positions
    key_value[d_model:, :][tok, tok] = np.eye(t_dims)  # values: source tokens
    out = np.zeros((d_model, d_model), np.float32)
    out[tok, tok] = np.eye(t_dims)
    cross.linear[0].weight = query
    cross.linear[1].weight = key_value
    cross.linear[2].weight = out

    projection = np.zeros((vocab_size, d_model), np.float32)
    projection[:, tok] = output_gain * token_embeddings
    spec.decoder.projection.weight = projection
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def _token_embeddings(vocab_size: int) -> np.ndarray:
    """Distinct random token vectors: zero-sum, squared norm PART_NORM2, cosines well below 1."""
    rng = np.random.default_rng(SEED)
    vectors = rng.standard_normal((vocab_size, TOKEN_DIMS))
    vectors -= vectors.mean(axis=1, keepdims=True)
    vectors *= np.sqrt(PART_NORM2) / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = vectors @ vectors.T / PART_NORM2
    np.fill_diagonal(cosines, -1.0)
    # The copied token beats the runner-up by LOGIT_SCALE * (1 - max cosine).
    assert cosines.max() < 0.75, f"token vectors too similar ({cosines.max():.2f}): raise TOKEN_DIMS"
    return vectors.astype(np.float32)


def _position_encodings() -> np.ndarray:
    """[1024, 4 * NUM_PERIODS] zero-sum position vectors: (cos, sin) per period, then all negated."""
    steps = np.arange(2**NUM_PERIODS, dtype=np.float64)[:, None]
    angles = 2 * np.pi * steps / 2.0 ** np.arange(1, NUM_PERIODS + 1)
    pairs = np.concatenate([np.cos(angles), np.sin(angles)], axis=1)
    return np.concatenate([pairs, -pairs], axis=1).astype(np.float32)


def _set_layer_norm(norm: object, d_model: int) -> None:
    norm.gamma = np.ones(d_model, np.float32)
    norm.beta = np.zeros(d_model, np.float32)


def _zero_attention(attention: object, d_model: int, *, fused: int) -> None:
    _set_layer_norm(attention.layer_norm, d_model)
    attention.linear[0].weight = np.zeros((fused * d_model, d_model), np.float32)
    attention.linear[1].weight = np.zeros((d_model, d_model), np.float32)


def _zero_ffn(ffn: object, d_model: int) -> None:
    _set_layer_norm(ffn.layer_norm, d_model)
    ffn.linear_0.weight = np.zeros((4, d_model), np.float32)
    ffn.linear_1.weight = np.zeros((d_model, 4), np.float32)


def minisbd_model(lang: str) -> bytes:
    """Return a MiniSBD ONNX splitter: every character ends a token; `.`, `!`, `?` end a sentence.

    MiniSBD feeds `units` (int64 [batch, chars], ids from the vocab stored in the model's metadata) and
    `features` ([batch, chars, n]) and takes the argmax of the output's last axis: 0 inside a token, 1 token
    end, 2 sentence end. The graph looks each unit's scores up in a [vocab, 3] table.
    """
    units = ["<PAD>", "<UNK>", *SENTENCE_ENDS]  # every other character maps to <UNK>
    scores = np.zeros((len(units), 3), np.float32)
    scores[0, 0] = 1.0
    scores[1, 1] = 1.0
    scores[2:, 2] = 1.0
    graph = helper.make_graph(
        nodes=[
            helper.make_node("Gather", ["scores", "units"], ["gathered"], axis=0),
            # `features` is required input; adding 0 * its sum keeps it in the graph.
            helper.make_node("ReduceSum", ["features"], ["feature_sum"], keepdims=1),
            helper.make_node("Mul", ["feature_sum", "zero"], ["nothing"]),
            helper.make_node("Add", ["gathered", "nothing"], ["logits"]),
        ],
        name="tiny_minisbd",
        inputs=[
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "chars"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "chars", "feats"]),
        ],
        outputs=[helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "chars", 3])],
        initializer=[
            helper.make_tensor("scores", TensorProto.FLOAT, scores.shape, scores.flatten().tolist()),
            helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="argos_tiny")
    model.ir_version = 8
    vocab = {
        "lang": lang,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_unit2id": {unit: i for i, unit in enumerate(units)},
        "_id2unit": units,
    }
    config = {"skip_newline": False, "max_seqlen": 1000, "feat_funcs": ["space_before"], "use_dictionary": False}
    helper.set_model_props(
        model, {"lang_code": lang, "config": json.dumps(config), "vocab": json.dumps(vocab), "lexicon": "null"}
    )
    onnx.checker.check_model(model)
    return model.SerializeToString()


def _deterministic_zip(top: str, members: dict[str, bytes]) -> bytes:
    """Zip `members` under the folder `top`: sorted, fixed timestamps and permissions, folder entries first."""
    folders = {top, *(f"{top}/{p}" for name in members for p in _parents(name))}
    entries = sorted([(f"{f}/", None) for f in folders] + [(f"{top}/{n}", d) for n, d in members.items()])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for arcname, data in entries:
            info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            if data is None:
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def _parents(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build a tiny argostranslate package whose model echoes its input.")
    parser.add_argument("dest", type=Path, help="folder to write the .argosmodel into")
    parser.add_argument("--from", dest="from_code", default="en")
    parser.add_argument("--to", dest="to_code", default="es")
    args = parser.parse_args()
    args.dest.mkdir(parents=True, exist_ok=True)
    print(build_tiny_package(args.dest, from_code=args.from_code, to_code=args.to_code))
