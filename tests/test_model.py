"""The reply model (_model): features, exact inference, training, the artefact, and the rules' guarantees."""

from __future__ import annotations

import json
import math
import pickle
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadencekit as ck
from cadencekit import _calibration, _model
from cadencekit.replies import _new_text

AT = "2026-12-01T10:00:00Z"
TINY = [
    {"text": "Yes, let's talk on Tuesday.", "label": "positive"},
    {"text": "Sounds good, send me a time for a call.", "label": "positive"},
    {"text": "Happy to chat, book a slot.", "label": "positive"},
    {"text": "We went with another vendor.", "label": "no"},
    {"text": "We signed with a competitor last month.", "label": "no"},
    {"text": "We decided against it, sorry.", "label": "no"},
    {"text": "Ping me again after the summer.", "label": "maybe"},
    {"text": "Not now, maybe next quarter.", "label": "maybe"},
    {"text": "Please remove me from your list.", "label": "opt_out"},
    {"text": "Delivery to the following recipients failed.", "label": "bounce"},
]


def read(text: str, **options: object) -> ck.ReplyReading:
    return ck.read_reply(text, received_at=AT, tz="UTC", **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tiny() -> ck.ReplyModel:
    return ck.train_reply_model(TINY, epochs=8)


# --- the shipped artefact ----------------------------------------------------------------


def test_the_shipped_model_is_package_data_of_at_most_300_kb() -> None:
    shipped = resources.files("cadencekit").joinpath("_reply_model.json")
    size = len(shipped.read_bytes())
    assert 50_000 < size <= 300_000, f"{size:,} bytes"


def test_the_shipped_model_is_read_once_and_is_the_one_model_true_means() -> None:
    model = ck.ReplyModel.default()
    assert model is ck.ReplyModel.default()
    assert _model.chosen(True) is model
    assert _model.chosen(False) is None
    assert "dev_writer_a.jsonl" in model.trained_on
    assert "heldout" not in model.trained_on


def test_the_shipped_model_round_trips_through_json() -> None:
    model = ck.ReplyModel.default()
    data = json.loads(json.dumps(model.to_dict()))
    again = ck.ReplyModel.from_dict(data)
    assert again == model
    assert again.to_dict() == model.to_dict()
    assert pickle.loads(pickle.dumps(model)) == model
    text = "We decided to go another way, thanks."
    assert _model.probabilities(again, text) == _model.probabilities(model, text)


def test_a_pickle_holds_the_defining_data_and_reads_every_reply_the_same() -> None:
    model = ck.ReplyModel.default()
    rebuild, args = model.__reduce__()
    # the payload is the versioned to_dict data, never the packed weights
    assert args == (model.to_dict(),)
    assert not any(isinstance(arg, _model._Compiled) for arg in args)
    assert "_compiled" not in args[0]
    assert rebuild(*args) == model
    again = pickle.loads(pickle.dumps(model))
    assert again == model
    assert again._compiled is not model._compiled  # rebuilt on loading
    corpus = Path(__file__).parent / "data" / "replies.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    for row in rows:
        options = {"received_at": row["received_at"], "tz": row["tz"]}
        assert ck.read_reply(row["text"], model=again, **options) == ck.read_reply(
            row["text"], model=model, **options
        ), row["text"]
        assert _model.probabilities(again, row["text"]) == _model.probabilities(model, row["text"])


def test_a_pickled_trained_model_is_rebuilt_from_its_dict(tiny: ck.ReplyModel) -> None:
    again = pickle.loads(pickle.dumps(tiny, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == tiny
    assert again.to_dict() == tiny.to_dict()
    for row in TINY:
        assert _model.probabilities(again, row["text"]) == _model.probabilities(tiny, row["text"])


def test_the_shipped_file_is_the_models_own_json() -> None:
    shipped = resources.files("cadencekit").joinpath("_reply_model.json").read_text("utf-8")
    assert json.loads(shipped) == ck.ReplyModel.default().to_dict()


# --- exact inference ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We decided to go another way.",
        "Bonjour, je suis absente jusqu'au 4 janvier inclus.",
        "",
        "??",
        "Ich bin nicht zuständig, bitte wenden Sie sich an Frau Schmidt. schmidt schmidt",
    ],
)
def test_packed_sums_equal_the_weights_added_up_in_floats(text: str) -> None:
    model = ck.ReplyModel.default()
    found = _model.features(text)
    kept = {key: n for key, n in found.items() if key in model.weights}
    count = sum(kept.values())
    norm = math.sqrt(count) if count else 1.0
    scores = [
        (model.bias[k] + sum(n * model.weights[key][k] for key, n in kept.items()) / norm)
        / model.scale
        for k in range(len(_model.LABELS))
    ]
    top = max(scores)
    expected = [math.exp(s - top) for s in scores]
    expected = [e / sum(expected) for e in expected]
    assert _model.probabilities(model, text) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_a_word_seen_in_training_and_one_never_seen_are_read_the_same_way() -> None:
    model = ck.ReplyModel.default()
    bare = ck.ReplyModel(
        weights=model.weights, bias=model.bias, scale=model.scale, below=model.below
    )  # no words computed ahead: every word from its n-grams
    for text in ("Thanks, we are not interested.", "Bitte keine weiteren E-Mails", "zzqx"):
        assert _model.probabilities(bare, text) == _model.probabilities(model, text)


def test_features_are_words_pairs_and_the_grams_of_each_distinct_word() -> None:
    found = _model.features("No, no thanks")
    assert found["=no"] == 1  # a distinct word counts once
    assert found[">no no"] == 1
    assert found[">no thanks"] == 1
    assert found["~ no "] == 1
    assert found["~ th"] == 1


# --- training ----------------------------------------------------------------------------


def test_training_is_deterministic(tiny: ck.ReplyModel) -> None:
    again = ck.train_reply_model(TINY, epochs=8)
    assert again == tiny
    assert again.to_dict() == tiny.to_dict()
    other_seed = ck.train_reply_model(TINY, epochs=8, seed=1)
    assert other_seed.to_dict()["features"] == tiny.to_dict()["features"]


def test_a_team_trains_on_its_jsonl_writes_the_model_and_reads_it_back(tmp_path: Path) -> None:
    corpus = tmp_path / "ours.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in TINY), encoding="utf-8")
    with corpus.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    model = ck.train_reply_model(rows, epochs=8, trained_on="ours.jsonl")
    saved = tmp_path / "model.json"
    saved.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    loaded = ck.ReplyModel.from_dict(json.loads(saved.read_text(encoding="utf-8")))
    assert loaded == model
    assert loaded.trained_on == "ours.jsonl"
    text = "Send me a time for a call."
    assert read(text, model=False).label is ck.ReplyLabel.OTHER  # the rules alone
    reading = read(text, model=loaded)
    assert (reading.label, reading.source) == (ck.ReplyLabel.POSITIVE, "model")
    assert reading.evidence[-1].source == "model"


def test_the_training_script_writes_what_the_function_trains(tmp_path: Path) -> None:
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "train_reply_model.py"
    spec = importlib.util.spec_from_file_location("train_reply_model", path)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    corpus = tmp_path / "ours.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in TINY), encoding="utf-8")
    out = tmp_path / "model.json"
    assert script.main([str(corpus), "--out", str(out)]) == 0
    written = ck.ReplyModel.from_dict(json.loads(out.read_text(encoding="utf-8")))
    assert written.to_dict()["features"] == ck.train_reply_model(TINY).to_dict()["features"]
    assert written.trained_on == "10 labelled replies: ours.jsonl (10)"
    assert script.main([str(corpus), "--out", str(out), "--check"]) == 0
    with pytest.raises(SystemExit):
        script.main([str(Path(__file__).parent / "data" / "heldout" / "x.jsonl")])


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([], "rows"),
        ([{"text": "hi", "label": "spam"}], "rows[0].label"),
        ([{"text": "hi", "label": "no"}, {"text": 3, "label": "no"}], "rows[1].text"),
        (["hi"], "rows[0]"),
    ],
)
def test_bad_training_rows_are_refused_naming_the_row(rows: list[object], field: str) -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        ck.train_reply_model(rows)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_bad_options_are_refused() -> None:
    with pytest.raises(ck.InvalidFieldError, match="epochs"):
        ck.train_reply_model(TINY, epochs=0)
    with pytest.raises(ck.InvalidFieldError, match="features_kept"):
        ck.train_reply_model(TINY, features_kept=True)
    with pytest.raises(ck.InvalidFieldError, match="least"):
        ck.train_reply_model(TINY, least=1.5)


# --- the artefact's format ---------------------------------------------------------------


def test_a_damaged_artefact_is_refused_naming_the_key(tiny: ck.ReplyModel) -> None:
    data = tiny.to_dict()
    with pytest.raises(ck.SchemaError, match="weights"):
        ck.ReplyModel.from_dict({**data, "weights": data["weights"][:-4]})
    with pytest.raises(ck.SchemaError, match="weights"):
        ck.ReplyModel.from_dict({**data, "weights": "not base64!"})
    with pytest.raises(ck.SchemaError, match="labels"):
        ck.ReplyModel.from_dict({**data, "labels": ["no", "positive"]})
    with pytest.raises(ck.SchemaError, match="unknown key"):
        ck.ReplyModel.from_dict({**data, "wieghts": ""})
    with pytest.raises(ck.SchemaError, match="version"):
        ck.ReplyModel.from_dict({**data, "version": 2})
    with pytest.raises(ck.InvalidFieldError, match="whole numbers from -127 to 127"):
        ck.ReplyModel(weights={"=no": (500,) * 8}, bias=(0,) * 8, scale=1.0)


# --- weighed with the rules --------------------------------------------------------------


def test_the_shipped_model_is_weighed_unless_model_false() -> None:
    # On by default since it raised every held-out corpus (docs/replies.md).
    text = "We decided to go another way."
    assert read(text) == read(text, model=True)
    assert read(text, model=False).label is ck.ReplyLabel.OTHER
    reading = read(text)
    assert (reading.label, reading.source) == (ck.ReplyLabel.NO, "model")
    # the shipped model's probability, mapped to the chance it is right (fitted held out)
    raw = max(_model.probabilities(ck.ReplyModel.default(), text.lower()))
    assert reading.confidence == pytest.approx(_calibration.calibrated(raw, "model"), abs=1e-3)


def test_a_model_is_asked_for_by_true_or_by_value() -> None:
    with pytest.raises(ck.InvalidFieldError) as caught:
        read("hi", model="yes")
    assert caught.value.field == "model"
    with pytest.raises(ck.InvalidFieldError):
        read("hi", model=None)


def test_where_the_rules_are_sure_the_model_is_not_read() -> None:
    text = "Yes, let's talk Tuesday."
    assert read(text, model=False).confidence >= ck.ReplyModel.default().below
    assert read(text, model=True) == read(text, model=False)


def test_a_model_whose_best_guess_is_an_opt_out_abstains() -> None:
    stop = ck.train_reply_model([("anything at all", "opt_out"), ("more words", "opt_out")])
    text = "What does your company do?"
    assert read(text, model=stop) == read(text, model=False)


FRAGMENTS = [
    "Please remove me from your list.",
    "unsubscribe",
    "STOP",
    "Now leave me alone!",
    "Bitte keine E-Mails mehr.",
    "Yes, I got your email!",
    "Let's talk next week.",
    "Not interested.",
    "We went with a competitor.",
    "I'm out of the office until Monday.",
    "Estoy de baja por maternidad.",
    "Delivery has failed to these recipients or groups:",
    "Mail delivery failed: returning message to sender",
    "Talk to my colleague ana@fabrikam.com",
    "Maybe next quarter.",
    "What does your company do?",
    "On Tue, 3 Dec 2026 at 09:12, Sam <sam@acme.io> wrote:\n> Reply stop to opt out.",
    "--\nSam",
]


@given(
    parts=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=24), min_size=1, max_size=5),
    joiner=st.sampled_from([" ", "\n", "\n\n", ". "]),
)
def test_the_model_never_gives_nor_takes_away_an_opt_out_or_a_bounce(
    parts: list[str], joiner: str
) -> None:
    text = joiner.join(parts)
    rules = read(text, model=False)
    for model in (True, STOP_LOVER):
        both = read(text, model=model)
        for kept in (ck.ReplyLabel.OPT_OUT, ck.ReplyLabel.BOUNCE):
            assert (both.label is kept) == (rules.label is kept), (text, rules, both)
        if both.label is not rules.label:
            learned = _model.chosen(model)
            assert learned is not None
            assert both.source == "model"
            # the thresholds are on raw scores; a reading's confidence is the calibrated
            # chance (a monotone map: the shipped model's own, a team's model's raw)
            below = _calibration.calibrated(learned.below, "rules")
            assert rules.label is ck.ReplyLabel.OTHER or rules.confidence <= below
            least = learned.least
            if model is True:
                least = _calibration.calibrated(least, "model")
            assert both.confidence >= least


STOP_LOVER = ck.train_reply_model(
    [(text, "opt_out") for text in FRAGMENTS[:4]]
    + [(text, "positive") for text in FRAGMENTS[4:]]
    + [("Delivery failed, stop, remove", "bounce")],
    epochs=5,
)
"""A model that reads opt-outs where there are none: the rules still decide them."""


def test_the_model_reads_the_new_text_as_the_rules_do() -> None:
    thread = "We decided to go another way.\n\nOn Tue, 3 Dec 2026 at 09:12, Sam <sam@acme.io> wrote:\n> Are you interested? Let's talk!"
    model = ck.ReplyModel.default()
    assert _new_text(thread).strip() == "we decided to go another way."
    assert read(thread, model=True).label is ck.ReplyLabel.NO
    assert model.labels == tuple(label.value for label in ck.ReplyLabel)


def test_eight_threads_reading_with_the_shipped_model_agree_with_one() -> None:
    from concurrent.futures import ThreadPoolExecutor

    _model._shipped.cache_clear()  # the first use races: whoever reads it, the readings agree
    texts = [f"{fragment} {n}" for n, fragment in enumerate(FRAGMENTS * 4)]

    def work(text: str) -> tuple[str, float, str]:
        reading = read(text, model=True)
        return reading.label.value, reading.confidence, reading.source

    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(work, texts))
    assert found == [work(text) for text in texts]
    assert ck.ReplyModel.default() is ck.ReplyModel.default()


def test_reprs_are_short() -> None:
    shown = repr(ck.ReplyModel.default())
    assert shown.startswith("ReplyModel(12,000 features, below=0.7, least=0.5")
    assert len(shown) < 160


def test_the_models_labels_are_the_reply_labels() -> None:
    # _model sits below replies and lists the labels in the artefact's order; one set of labels
    assert sorted(_model.LABELS) == sorted(label.value for label in ck.ReplyLabel)
    assert len(set(_model.LABELS)) == len(_model.LABELS)
