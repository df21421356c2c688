//! Matching words of several lexicons in a text: the [`WordIndex`] that
//! finds every lexicon's leftmost-longest words in one pass, and the small
//! matchers built on it ([`Anchored`] at a fixed position, [`WordList`]).
//! What the words are is data (`vocab`); this module only finds them.

use crate::text::charset::CharSet;

/// A word of a lexicon found in a text: character range and entry index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// One word of a [`WordIndex`]: its first three characters (`'\0'` after
/// the end of a shorter word), the rest, its lexicon and its entry in that
/// lexicon.
struct IndexedWord {
    key: Key,
    /// Range of the rest in `WordIndex::rest`.
    rest: (usize, usize),
    lexicon: usize,
    entry: usize,
}

/// A word's first one, two or three characters, `'\0'`-padded.
type Key = (char, char, char);

/// Buckets per word in a [`WordIndex`] (rounded up to a power of two), so
/// that most buckets hold one key.
const BUCKETS_PER_WORD: usize = 4;

/// A 16-bit hash of the first two characters of a position or word.
#[inline]
fn key_hash(key: (char, char)) -> usize {
    let h = (key.0 as u32).wrapping_mul(0x9e37_79b1) ^ (key.1 as u32).wrapping_mul(0x85eb_ca6b);
    (h >> 16) as usize
}

/// A 16-bit hash of a whole key; its low bits pick the bucket.
#[inline]
fn bucket_hash(key: Key) -> usize {
    let h = (key.0 as u32).wrapping_mul(0x9e37_79b1)
        ^ (key.1 as u32).wrapping_mul(0x85eb_ca6b)
        ^ (key.2 as u32).wrapping_mul(0xc2b2_ae35);
    (h >> 16) as usize
}

/// A 64K-bit set of hashes, a filter before a bucket look-up.
struct HashBits(Box<[u64; 1024]>);

impl HashBits {
    fn new() -> HashBits {
        HashBits(Box::new([0u64; 1024]))
    }

    fn insert(&mut self, h: usize) {
        self.0[(h >> 6) & 1023] |= 1 << (h & 63);
    }

    #[inline(always)]
    fn get(&self, h: usize) -> u64 {
        self.0[(h >> 6) & 1023] >> (h & 63) & 1
    }
}

/// True when `hay` starts with `needle`; inline, as the words are a few
/// characters and a `memcmp` call costs more than the comparison.
#[inline]
fn starts_with_chars(hay: &[char], needle: &[char]) -> bool {
    needle.len() <= hay.len() && needle.iter().zip(hay).all(|(a, b)| a == b)
}

/// Several lexicons matched in one pass over a text's characters, each
/// lexicon leftmost-longest, as an Aho-Corasick automaton per lexicon
/// would find them (a test holds it to that). Works on characters, not
/// bytes: a bitmap of hashed first-two-character pairs (8 KB, in L1)
/// marks the positions where a word may start, gathered 64 positions at a
/// time; at those, words are looked up by their first three characters
/// (two or one for shorter words), so a position compares only the few
/// words that share them, and gives character offsets without a
/// byte-to-character pass. A byte DFA over the same words is several
/// hundred kilobytes and missed the cache on every Chinese character (a
/// quarter of extraction time when it was used); keys of two characters
/// left up to 22 words to compare at some positions (网络…).
pub struct WordIndex {
    /// Bit `key_hash` of its first two characters is set for every word
    /// of two characters or more: most positions are rejected by it.
    starts: HashBits,
    /// Bit `c & 0xffff` is set when some one-character word is `c`.
    single: Box<CharSet>,
    /// Bit `bucket_hash(key)` set for the keys of two-character words and
    /// of longer words: whether a look-up is worth making.
    pairs: HashBits,
    triples: HashBits,
    /// Words by bucket, each bucket's words together (one allocation, so a
    /// look-up touches one or two cache lines): longest first, then by
    /// lexicon and entry.
    words: Vec<IndexedWord>,
    /// For each bucket, its range in `words`.
    buckets: Vec<(usize, usize)>,
    /// The characters after the key of every word.
    rest: Vec<char>,
    /// `buckets.len() - 1`; the length is a power of two.
    mask: usize,
    lexicons: usize,
}

impl WordIndex {
    pub fn new(lexicons: &[&[String]]) -> WordIndex {
        let mut single = Box::new(CharSet::new(&[]));
        let (mut starts, mut pairs, mut triples) =
            (HashBits::new(), HashBits::new(), HashBits::new());
        let total: usize = lexicons.iter().map(|l| l.len()).sum();
        let n = (total * BUCKETS_PER_WORD).next_power_of_two();
        let mut rest = Vec::new();
        let mut all: Vec<(usize, IndexedWord)> = Vec::new();
        for (lexicon, words) in lexicons.iter().enumerate() {
            for (entry, w) in words.iter().enumerate() {
                let chars: Vec<char> = w.chars().collect();
                let key = match chars[..] {
                    [] => continue,
                    [a] => {
                        single.insert(a);
                        (a, '\0', '\0')
                    }
                    [a, b] => {
                        starts.insert(key_hash((a, b)));
                        pairs.insert(bucket_hash((a, b, '\0')));
                        (a, b, '\0')
                    }
                    [a, b, c, ..] => {
                        starts.insert(key_hash((a, b)));
                        triples.insert(bucket_hash((a, b, c)));
                        (a, b, c)
                    }
                };
                let start = rest.len();
                rest.extend(chars.iter().skip(3));
                let word = IndexedWord {
                    key,
                    rest: (start, rest.len()),
                    lexicon,
                    entry,
                };
                all.push((bucket_hash(key) & (n - 1), word));
            }
        }
        all.sort_by_key(|(b, w)| {
            (
                *b,
                std::cmp::Reverse(w.rest.1 - w.rest.0),
                w.lexicon,
                w.entry,
            )
        });
        let mut buckets = vec![(0, 0); n];
        for (i, (b, _)) in all.iter().enumerate() {
            if buckets[*b].1 == 0 {
                buckets[*b].0 = i;
            }
            buckets[*b].1 = i + 1;
        }
        WordIndex {
            starts,
            single,
            pairs,
            triples,
            words: all.into_iter().map(|(_, w)| w).collect(),
            buckets,
            rest,
            mask: n - 1,
            lexicons: lexicons.len(),
        }
    }

    /// Calls `f` with each word matching at `i` and its length, longest
    /// first, then by lexicon and entry, until `f` returns true: the words
    /// of three characters and more, then of two, then of one. A '\0' in
    /// the text is part of no word.
    #[inline(always)]
    fn each_match_at(
        &self,
        chars: &[char],
        i: usize,
        mut f: impl FnMut(&IndexedWord, usize) -> bool,
    ) {
        let c = chars[i];
        let d = chars.get(i + 1).copied().unwrap_or('\0');
        let e = chars.get(i + 2).copied().unwrap_or('\0');
        if d != '\0' {
            if e != '\0'
                && self.triples.get(bucket_hash((c, d, e))) == 1
                && self.each_in_bucket(chars, i, (c, d, e), 3, &mut f)
            {
                return;
            }
            if self.pairs.get(bucket_hash((c, d, '\0'))) == 1
                && self.each_in_bucket(chars, i, (c, d, '\0'), 2, &mut f)
            {
                return;
            }
        }
        if self.single.contains(c) {
            self.each_in_bucket(chars, i, (c, '\0', '\0'), 1, &mut f);
        }
    }

    /// The words with `key` (of `skip` characters) matching at `i`, to `f`
    /// until it returns true; true when it did.
    #[inline(always)]
    fn each_in_bucket(
        &self,
        chars: &[char],
        i: usize,
        key: Key,
        skip: usize,
        f: &mut impl FnMut(&IndexedWord, usize) -> bool,
    ) -> bool {
        let after = &chars[i + skip..];
        let (from, to) = self.buckets[bucket_hash(key) & self.mask];
        for w in &self.words[from..to] {
            let rest = &self.rest[w.rest.0..w.rest.1];
            if w.key == key && starts_with_chars(after, rest) && f(w, skip + rest.len()) {
                return true;
            }
        }
        false
    }

    /// Calls `f` with each position of `chars` where a word may start (its
    /// key's bit or its one-character bit is set), in order, until `f`
    /// returns true.
    ///
    /// Half the characters of a report pass one test or the other, at
    /// random, so a branch per character mispredicted every third
    /// character or so (callgrind's branch simulation: the scan was a
    /// third of all mispredictions). The bits are gathered 64 positions at
    /// a time without a branch, and only the set ones are visited.
    #[inline(always)]
    fn each_candidate(&self, chars: &[char], mut f: impl FnMut(usize) -> bool) {
        let n = chars.len();
        let mut base = 0;
        while base < n {
            let end = (base + 64).min(n);
            let mut mask = 0u64;
            // Each character with the one after it (zipped: no bounds
            // check per character); the text's last character pairs with
            // '\0', its one-character key.
            let firsts = &chars[base..end];
            let seconds = &chars[base + 1..(end + 1).min(n)];
            for (j, (&c, &d)) in firsts.iter().zip(seconds).enumerate() {
                mask |= u64::from(self.may_start(c, d)) << j;
            }
            if seconds.len() < firsts.len() {
                let j = firsts.len() - 1;
                mask |= u64::from(self.may_start(firsts[j], '\0')) << j;
            }
            while mask != 0 {
                let i = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if f(i) {
                    return;
                }
            }
            base = end;
        }
    }

    /// Whether a word may start with `c` followed by `d`: its pair's bit or
    /// `c`'s one-character bit, computed without a branch.
    #[inline(always)]
    fn may_start(&self, c: char, d: char) -> bool {
        (self.starts.get(key_hash((c, d))) | self.single.bit(c)) == 1
    }

    /// Length of the longest word (of any lexicon) starting at `i`.
    #[inline]
    pub fn longest_at(&self, chars: &[char], i: usize) -> Option<usize> {
        if i >= chars.len() {
            return None;
        }
        let mut longest = None;
        self.each_match_at(chars, i, |_, len| {
            longest = Some(len);
            true
        });
        longest
    }

    /// Each lexicon's leftmost-longest words in `chars`, by lexicon.
    pub fn scan(&self, chars: &[char]) -> Vec<Vec<WordMatch>> {
        // Sized for a typical report (a word every few dozen characters), so
        // the vectors rarely grow: reallocation was a tenth of extraction.
        let guess = chars.len() / 32;
        let mut out: Vec<Vec<WordMatch>> = (0..self.lexicons)
            .map(|_| Vec::with_capacity(guess))
            .collect();
        // Where each lexicon's next word may start: its matches never overlap.
        let mut free = vec![0usize; self.lexicons];
        self.each_candidate(chars, |i| {
            self.each_match_at(chars, i, |w, len| {
                if i >= free[w.lexicon] {
                    out[w.lexicon].push(WordMatch {
                        start: i,
                        end: i + len,
                        entry: w.entry,
                    });
                    free[w.lexicon] = i + len;
                }
                false
            });
            false
        });
        out
    }
}

/// Words matched at a fixed position (after a number), longest first.
pub struct Anchored<T> {
    /// Words by their first character modulo `BUCKETS`, longest first, so a
    /// look-up compares a handful of words and hashes nothing.
    buckets: Vec<Vec<(Vec<char>, T)>>,
}

const BUCKETS: usize = 1024;

impl<T: Clone> Anchored<T> {
    pub fn new(entries: Vec<(String, T)>) -> Anchored<T> {
        let mut buckets: Vec<Vec<(Vec<char>, T)>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        for (w, t) in entries {
            let word: Vec<char> = w.chars().collect();
            if let Some(&c) = word.first() {
                buckets[c as usize % BUCKETS].push((word, t));
            }
        }
        for b in &mut buckets {
            b.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Anchored { buckets }
    }

    /// The longest word starting at `pos`, with its length in characters.
    pub fn at(&self, chars: &[char], pos: usize) -> Option<(usize, T)> {
        let rest = chars.get(pos..)?;
        let bucket = &self.buckets[*rest.first()? as usize % BUCKETS];
        bucket
            .iter()
            .find(|(w, _)| rest.starts_with(w))
            .map(|(w, t)| (w.len(), t.clone()))
    }
}

/// A short list of words matched on character slices, through a
/// [`WordIndex`] of one lexicon.
pub struct WordList {
    index: WordIndex,
}

impl WordList {
    pub fn new(words: &[&str]) -> WordList {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        WordList {
            index: WordIndex::new(&[&words]),
        }
    }

    /// Length of the longest word starting at `pos`.
    #[inline]
    pub fn at(&self, chars: &[char], pos: usize) -> Option<usize> {
        self.index.longest_at(chars, pos)
    }

    /// True when `chars` starts with one of the words.
    pub fn starts(&self, chars: &[char]) -> bool {
        self.at(chars, 0).is_some()
    }

    /// True when one of the words occurs anywhere in `chars`.
    pub fn occurs_in(&self, chars: &[char]) -> bool {
        let mut found = false;
        self.index.each_candidate(chars, |i| {
            self.index.each_match_at(chars, i, |_, _| {
                found = true;
                true
            });
            found
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hashes are what make the index fast, not what makes it right (a
    /// bucket's words are compared in full), so the oracle tests cannot see
    /// a bad hash. This holds them to their purpose on a lexicon of the
    /// genre's size: the filter rejects most two-character pairs it was not
    /// given, and no bucket holds many words.
    #[test]
    fn the_hashes_spread_the_words() {
        // 3,000 words of two to four characters from a fixed generator.
        let mut x: u32 = 0x2545_f491;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_u32(0x4e00 + x % 0x5000).unwrap()
        };
        let words: Vec<String> = (0..3000)
            .map(|i| (0..2 + i % 3).map(|_| next()).collect())
            .collect();
        let index = WordIndex::new(&[&words]);
        let set: u32 = index.starts.0.iter().map(|w| w.count_ones()).sum();
        assert!(
            set as usize > words.len() / 2 && set < 8_000,
            "the start filter has {set} of 65,536 bits set for {} words",
            words.len()
        );
        let fullest = index
            .buckets
            .iter()
            .map(|(from, to)| to - from)
            .max()
            .unwrap();
        assert!(fullest <= 8, "a bucket holds {fullest} words");
    }
}
