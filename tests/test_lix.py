"""LIX readability index and its Danish scale."""

from __future__ import annotations

import pytest

from reviews.analysis.lix import CITIZEN_LIMIT, LixBand, band, lix


def test_formula_words_per_sentence_plus_share_of_long_words() -> None:
    # 15 words, 2 sentences, 4 long words (> 6 letters: skriver, kommunen, handler, forvaltningen).
    result = lix("Vi skriver til dig fra kommunen. Det handler om dit møde med forvaltningen i dag.")
    assert (result.words, result.sentences, result.long_words) == (15, 2, 4)
    assert result.score == round(15 / 2 + 100 * 4 / 15, 1) == 34.2
    assert result.band == LixBand.EASY


def test_six_letters_is_not_long_seven_is() -> None:
    assert lix("Sagens").long_words == 0
    assert lix("Sagerne").long_words == 1
    assert lix("Ærøskøbing").long_words == 1  # æøå are letters


def test_abbreviations_times_and_paragraph_signs_do_not_end_sentences() -> None:
    result = lix("Vi mødes kl. 14.00 i salen. Formålet er f.eks. at tale om jeres sag. Se jf. § 52.")
    assert result.sentences == 3
    assert result.words == 16  # "14.00", "§" and "52" are not words


def test_every_line_with_words_is_a_sentence_of_its_own() -> None:
    result = lix("Dagsorden\nVelkomst\n\nGennemgang af læringspunkterne")
    assert result.sentences == 3
    assert result.words == 5


def test_hyphenated_word_is_one_word() -> None:
    assert lix("netværks-møde").words == 1
    assert lix("netværks-møde").long_words == 1


def test_no_words_no_lix() -> None:
    assert lix("") is None
    assert lix("   \n 12 34 § ") is None
    assert lix(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("score", "expected"), [
    (0.0, LixBand.VERY_EASY), (24.9, LixBand.VERY_EASY), (25.0, LixBand.EASY), (34.9, LixBand.EASY),
    (35.0, LixBand.MEDIUM), (44.9, LixBand.MEDIUM), (45.0, LixBand.HARD), (54.9, LixBand.HARD),
    (55.0, LixBand.VERY_HARD), (90.0, LixBand.VERY_HARD),
])
def test_band_edges(score: float, expected: LixBand) -> None:
    assert band(score) == expected


def test_citizen_warning_only_above_forty() -> None:
    assert CITIZEN_LIMIT == 40.0
    easy = lix("Vi ses på mandag. Tag gerne en ven med.")
    assert easy.score < 40 and not easy.warn_for_citizens()
    hard = lix("Forvaltningens sagsbehandlingsprocedurer implementeres organisatorisk.")
    assert hard.score > 40 and hard.warn_for_citizens()
