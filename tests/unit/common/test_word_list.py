"""SortedWords answers newmm exactly as PyThaiNLP's Trie does, from the same words."""

from __future__ import annotations

import pytest
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import dict_trie

from common.word_list import SortedWords

TEXTS = ["ร้องเรียนเรื่องถนนพังครับ", "ติดตามเรื่องเลขรับเรื่อง 2569-00012 ได้ที่ไหนคะ", "คะแนน ITA ปีงบ 2567",
         "ขอดูมาตรการป้องกันการทุจริตหน่อย", "", "abc กขค", "สวัสดีค่ะ อยากรู้ว่าเปิดกี่โมง"]


@pytest.fixture(scope="module")
def both() -> tuple[SortedWords, object]:
    words = set(thai_words()) | {"ไอทีเอ", "เลขรับเรื่อง"}
    return SortedWords(words), dict_trie(words)


@pytest.mark.parametrize("text", TEXTS)
def test_prefixes_at_every_position_match_the_trie(both: tuple[SortedWords, object], text: str) -> None:
    ours, trie = both
    for start in range(len(text) + 1):
        assert ours.prefixes(text, start) == trie.prefixes(text, start)  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", TEXTS)
def test_segmentation_is_the_same(both: tuple[SortedWords, object], text: str) -> None:
    ours, trie = both
    assert word_tokenize(text, custom_dict=ours) == word_tokenize(text, custom_dict=trie)  # type: ignore[arg-type]


def test_membership_size_and_read_only() -> None:
    words = SortedWords(["กา", "กาแฟ", "", "กา"])
    assert "กาแฟ" in words and "กาแ" not in words and 3 not in words
    assert len(words) == 2 and list(words) == ["กา", "กาแฟ"]
    with pytest.raises(TypeError):
        words.add("ข")
