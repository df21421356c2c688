//! Sets of characters as bitmaps, and the branch-free search for their
//! members that the per-character loops of the extractor share.
//!
//! Why: in a Chinese report the characters a loop stops at (punctuation,
//! digits, line breaks) come every few characters at random, so a branch
//! per character on "is this one of them" is mispredicted again and again;
//! callgrind's branch simulation put such branches among the costliest of
//! extraction. [`CharSet::each_in`] gathers the membership bits of 64
//! characters at a time without a branch and visits only the set ones.

/// A set of Basic Multilingual Plane characters: one bit per code point
/// modulo 2^16 (8 KB), built at compile time. A character above the BMP
/// shares a bit with the BMP character of the same low 16 bits: the sets
/// are filters for a loop that then looks at the character itself.
pub struct CharSet([u64; 1024]);

impl CharSet {
    pub const fn new(chars: &[char]) -> CharSet {
        let mut bits = [0u64; 1024];
        let mut i = 0;
        while i < chars.len() {
            let u = chars[i] as usize & 0xffff;
            bits[u >> 6] |= 1 << (u & 63);
            i += 1;
        }
        CharSet(bits)
    }

    /// Adds `c`, for a set built at run time (from a vocabulary).
    pub fn insert(&mut self, c: char) {
        let u = c as usize & 0xffff;
        self.0[u >> 6] |= 1 << (u & 63);
    }

    /// The union of two sets.
    pub const fn union(self, other: CharSet) -> CharSet {
        let mut bits = self.0;
        let mut i = 0;
        while i < bits.len() {
            bits[i] |= other.0[i];
            i += 1;
        }
        CharSet(bits)
    }

    /// True when `c` (or a character sharing its low 16 bits) is in the set.
    #[inline(always)]
    pub fn contains(&self, c: char) -> bool {
        self.bit(c) == 1
    }

    /// `contains` as 0 or 1, to combine with other bits without a branch.
    #[inline(always)]
    pub fn bit(&self, c: char) -> u64 {
        let u = c as usize & 0xffff;
        self.0[u >> 6] >> (u & 63) & 1
    }

    /// Calls `f` with each position in `[s, e)` of `chars` whose character is
    /// in the set, in order.
    #[inline(always)]
    pub fn each_in(&self, chars: &[char], range: (usize, usize), mut f: impl FnMut(usize)) {
        self.each_in_skipping(chars, range, |p| {
            f(p);
            p + 1
        });
    }

    /// Like [`CharSet::each_in`], but `f` returns where to go on from (more
    /// than the position it was given): the members before are not visited,
    /// as when a numeral found at one digit has consumed the digits after it.
    #[inline(always)]
    pub fn each_in_skipping(
        &self,
        chars: &[char],
        (s, e): (usize, usize),
        mut f: impl FnMut(usize) -> usize,
    ) {
        let mut base = s;
        while base < e {
            let end = (base + 64).min(e);
            let mut mask = 0u64;
            for (j, &c) in chars[base..end].iter().enumerate() {
                mask |= u64::from(self.contains(c)) << j;
            }
            let mut next = end;
            while mask != 0 {
                next = f(base + mask.trailing_zeros() as usize);
                if next >= end {
                    break;
                }
                // `next - base` < 64 here: drop the members before `next`.
                mask &= u64::MAX << (next - base);
            }
            base = next.max(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_in_visits_members_in_order() {
        let set = CharSet::new(&['。', ',', '\n']);
        // Longer than one block of 64, with members on both sides of the seam.
        let text: String = "甲。".repeat(40) + ",乙\n" + &"丙".repeat(70) + "。";
        let chars: Vec<char> = text.chars().collect();
        let expected: Vec<usize> = (3..chars.len())
            .filter(|&i| matches!(chars[i], '。' | ',' | '\n'))
            .collect();
        let mut got = Vec::new();
        set.each_in(&chars, (3, chars.len()), |i| got.push(i));
        assert_eq!(got, expected);
        got.clear();
        set.each_in(&chars, (5, 5), |i| got.push(i));
        assert!(got.is_empty());
    }

    #[test]
    fn each_in_skipping_resumes_where_told() {
        let set = CharSet::new(&['1']);
        let chars: Vec<char> = "1".repeat(200).chars().collect();
        // Every member visited, then every third, then one jump past a block.
        for (step, expected) in [(1, 200), (3, 67), (130, 2)] {
            let mut visits = Vec::new();
            set.each_in_skipping(&chars, (0, 200), |p| {
                visits.push(p);
                p + step
            });
            assert_eq!(visits.len(), expected, "step {step}");
            assert!(visits.iter().enumerate().all(|(k, &p)| p == k * step));
        }
    }

    #[test]
    fn union_and_insert_hold_both() {
        let mut set = CharSet::new(&['a']).union(CharSet::new(&['网']));
        set.insert('赌');
        assert!(set.contains('a') && set.contains('网') && set.contains('赌'));
        assert!(!set.contains('b'));
    }
}
