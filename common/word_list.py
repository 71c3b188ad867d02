"""A dictionary for PyThaiNLP's newmm segmenter kept as one sorted tuple of words instead of a node tree.

PyThaiNLP's ``Trie`` holds a Python object and a dict per letter of its ~62,000 words: 60 MiB in every
bot process (bench/README figures). The segmenter only asks which words start at a position of the text
(``prefixes``), which a binary search over the sorted words answers with the words themselves shared.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from pythainlp.util import Trie


class SortedWords(Trie):
    """Drop-in for ``pythainlp.util.Trie`` (newmm reads ``prefixes``); read-only once built."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__([])
        self._words = tuple(sorted({word for word in words if word}))

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text`` has at ``start``, shortest first (as ``Trie.prefixes``)."""
        found: list[str] = []
        low, words = 0, self._words
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            low = bisect_left(words, piece, low)  # pieces only grow: the search never moves back
            if low == len(words) or not words[low].startswith(piece):
                break
            if words[low] == piece:
                found.append(piece)
        return found

    def __contains__(self, key: object) -> bool:
        position = bisect_left(self._words, key) if isinstance(key, str) else len(self._words)
        return position < len(self._words) and self._words[position] == key

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def add(self, word: str) -> None:
        raise TypeError("SortedWords is read-only")

    def remove(self, word: str) -> None:
        raise TypeError("SortedWords is read-only")
