//! The word index (`extract::word_index`) against simple oracles, on random
//! lexicons and texts: each lexicon's leftmost-longest words against an
//! Aho-Corasick automaton of its own, the longest word at a position and
//! the anchored matchers against a look at every word.
//!
//! Words are drawn from a small alphabet (so that they share prefixes and
//! keys and collide in buckets) and from the extractor's own vocabulary;
//! texts are vocabulary fragments (whole words, prefixes, suffixes) and
//! random characters, often ending with a word, so that matches at the very
//! end of the text (the last character, the last 64-position block) are
//! tried.

use aho_corasick::{AhoCorasick, MatchKind};
use jingwang::extract::vocab::VOCAB;
use jingwang::extract::word_index::{Anchored, WordIndex, WordList, WordMatch};
use proptest::prelude::*;

/// Checks every matcher of the module on `lexicons` and `text`.
fn check(lexicons: &[Vec<String>], text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let refs: Vec<&[String]> = lexicons.iter().map(|l| l.as_slice()).collect();
    let index = WordIndex::new(&refs);
    let found = index.scan(&chars);
    assert_eq!(found.len(), lexicons.len(), "one match list per lexicon");
    for (n, (words, got)) in lexicons.iter().zip(&found).enumerate() {
        assert_eq!(
            got,
            &automaton(words, text),
            "lexicon {n} {words:?} in {text:?}"
        );
    }
    let all: Vec<&String> = lexicons.iter().flatten().collect();
    for i in 0..=chars.len() + 1 {
        let want = all
            .iter()
            .filter(|w| !w.is_empty() && starts_at(&chars, i, w))
            .map(|w| w.chars().count())
            .max();
        assert_eq!(
            index.longest_at(&chars, i),
            want,
            "longest word at {i} of {text:?}"
        );
    }
    for words in lexicons {
        check_one_lexicon(words, &chars);
    }
}

/// The matchers of one lexicon: [`WordList`] and [`Anchored`].
fn check_one_lexicon(words: &[String], chars: &[char]) {
    let strs: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    let list = WordList::new(&strs);
    let anchored = Anchored::new(words.iter().cloned().zip(0..).collect());
    let text: String = chars.iter().collect();
    for i in 0..=chars.len() + 1 {
        // The longest word at `i`; among equal words, the first listed.
        let mut want: Option<(usize, usize)> = None;
        for (entry, w) in words.iter().enumerate() {
            let len = w.chars().count();
            if len > 0 && starts_at(chars, i, w) && want.is_none_or(|(l, _)| len > l) {
                want = Some((len, entry));
            }
        }
        assert_eq!(list.at(chars, i), want.map(|(l, _)| l), "list at {i}");
        assert_eq!(anchored.at(chars, i), want, "anchored at {i} of {text:?}");
    }
    let suffixes = (0..=chars.len()).map(|i| &chars[i..]);
    for (i, rest) in suffixes.enumerate() {
        let want = words
            .iter()
            .any(|w| !w.is_empty() && starts_at(chars, i, w));
        assert_eq!(list.starts(rest), want, "list starts {i}");
    }
    let anywhere = !automaton(words, &text).is_empty();
    assert_eq!(list.occurs_in(chars), anywhere, "{words:?} in {text:?}");
}

fn starts_at(chars: &[char], i: usize, word: &str) -> bool {
    let word: Vec<char> = word.chars().collect();
    chars.get(i..).is_some_and(|rest| rest.starts_with(&word))
}

/// The leftmost-longest matches of one lexicon, from its own automaton, in
/// character offsets. The index skips empty words, so the automaton is
/// built without them and its pattern numbers mapped back to entries.
fn automaton(words: &[String], text: &str) -> Vec<WordMatch> {
    let entries: Vec<usize> = (0..words.len()).filter(|&e| !words[e].is_empty()).collect();
    let patterns: Vec<&String> = entries.iter().map(|&e| &words[e]).collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("an automaton of a few words");
    let char_at = |byte: usize| text[..byte].chars().count();
    ac.find_iter(text)
        .map(|m| WordMatch {
            start: char_at(m.start()),
            end: char_at(m.end()),
            entry: entries[m.pattern().as_usize()],
        })
        .collect()
}

#[test]
fn hand_made_cases() {
    let w = |ws: &[&str]| -> Vec<String> { ws.iter().map(|w| w.to_string()).collect() };
    let cases: &[(&[&[&str]], &str)] = &[
        // One-character words at the very end of the text.
        (&[&["人"]], "抓获嫌疑人"),
        (&[&["人", "名"], &["名"]], "人"),
        (&[&["起"]], &"案".repeat(63)),
        (&[&["起"]], "案件起起"),
        // Longest at the end, after shorter candidates.
        (&[&["网", "网络", "网络诈骗"]], "电信网络诈骗"),
        (&[&["网络诈骗"]], "电信网络诈"),
        // Words straddling the 64-position blocks.
        (&[&["诈骗案件"]], &format!("{}诈骗案件", "a".repeat(62))),
        (&[&["ab", "b"]], &"ab".repeat(40)),
        // Leftmost wins over longest; one lexicon's match hides nothing
        // from another.
        (&[&["ab", "bcd"], &["bcd"]], "abcd"),
        // Duplicates and empty words: the first entry, empty words skipped.
        (&[&["", "网", "网"]], "网网"),
        (&[&[]], "网"),
        (&[], "网"),
        (&[&["网"]], ""),
        // '\0' is part of no word.
        (&[&["a"]], "\0a\0"),
    ];
    for (lexicons, text) in cases {
        let lexicons: Vec<Vec<String>> = lexicons.iter().map(|l| w(l)).collect();
        check(&lexicons, text);
    }
}

/// Characters words and texts are made of: a few Han characters, ASCII,
/// and '\0' (which the index reads as "no character").
const ALPHABET: &[char] = &[
    '网', '络', '诈', '骗', '案', '件', '人', 'a', 'b', '1', '\0',
];

fn small_word() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            ALPHABET
                .iter()
                .copied()
                .filter(|&c| c != '\0')
                .collect::<Vec<_>>(),
        ),
        0..6,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// Words of the extractor's trigger lexicons.
fn vocabulary() -> Vec<String> {
    let v = &*VOCAB;
    [&v.metric.words, &v.topics.words, &v.change_names.words]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => small_word(),
        1 => prop::sample::select(vocabulary()),
    ]
}

fn lexicons() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(word(), 0..10), 1..5)
}

/// One piece of a text, given the lexicons' words.
#[derive(Clone, Debug)]
enum Piece {
    Word(prop::sample::Index),
    Prefix(prop::sample::Index, prop::sample::Index),
    Suffix(prop::sample::Index, prop::sample::Index),
    Char(char),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => any::<prop::sample::Index>().prop_map(Piece::Word),
        1 => any::<(prop::sample::Index, prop::sample::Index)>().prop_map(|(w, n)| Piece::Prefix(w, n)),
        1 => any::<(prop::sample::Index, prop::sample::Index)>().prop_map(|(w, n)| Piece::Suffix(w, n)),
        2 => prop::sample::select(ALPHABET).prop_map(Piece::Char),
        1 => any::<char>().prop_map(Piece::Char),
    ]
}

/// Lexicons and a text of fragments of their words and random characters,
/// ending with a whole word half the time.
fn lexicons_and_text() -> impl Strategy<Value = (Vec<Vec<String>>, String)> {
    (
        lexicons(),
        prop::collection::vec(piece(), 0..48),
        prop::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(|(lexicons, pieces, last)| {
            let words: Vec<Vec<char>> = lexicons
                .iter()
                .flatten()
                .map(|w| w.chars().collect())
                .collect();
            let mut text = String::new();
            let pieces = pieces.into_iter().chain(last.map(Piece::Word));
            for piece in pieces {
                let word = |i: &prop::sample::Index| -> &[char] {
                    if words.is_empty() {
                        &[]
                    } else {
                        i.get(&words).as_slice()
                    }
                };
                let chars: &[char] = match &piece {
                    Piece::Word(w) => word(w),
                    Piece::Prefix(w, n) => {
                        let w = word(w);
                        &w[..n.index(w.len() + 1)]
                    }
                    Piece::Suffix(w, n) => {
                        let w = word(w);
                        &w[n.index(w.len() + 1)..]
                    }
                    Piece::Char(c) => std::slice::from_ref(c),
                };
                text.extend(chars);
            }
            (lexicons, text)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_index_finds_what_an_automaton_per_lexicon_finds(
        (lexicons, text) in lexicons_and_text()
    ) {
        check(&lexicons, &text);
    }
}
