//! Prints the extractor's output for many varied documents, one after the
//! other, so that a refactor can be checked byte for byte: `make varied`
//! compares it with the output of the last accepted build.
//!
//! The documents are every source under `corpus/`, the hostile fixtures, the
//! real reports in `../shared/real` when they exist, and variants of each
//! made the way scraped text varies: CRLF line ends, spaced punctuation,
//! full-width digits, digits lost to `?`, shuffled lines, truncation.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<PathBuf> = Vec::new();
    for dir in [
        root.join("corpus"),
        root.join("tests/fixtures/hostile"),
        root.join("../shared/real"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "txt") {
                sources.push(entry.into_path());
            }
        }
    }
    let mut count = 0;
    for path in &sources {
        let Ok(text) = jingwang::text::source::read_source(path) else {
            println!("=== {} (unreadable)", path.display());
            continue;
        };
        for (variant, doc) in variants(&text) {
            println!("=== {} [{variant}]", path.display());
            print!("{}", jingwang::extract::extract(&doc).to_yaml(&[]));
            count += 1;
        }
    }
    eprintln!("{count} documents extracted");
}

/// The text itself and its variants, by name.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<&str> = text.lines().collect();
    // A fixed permutation: a small linear congruential generator.
    let mut seed: u64 = chars.len() as u64 + 7;
    for i in (1..lines.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lines.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let mut digit = 0;
    vec![
        ("original", text.to_string()),
        ("crlf", text.replace('\n', "\r\n")),
        (
            "spaced punctuation",
            text.replace('，', " ， ")
                .replace('。', " 。")
                .replace(',', " , "),
        ),
        (
            "full-width digits",
            text.chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 + 0xfee0).unwrap_or(c),
                    c => c,
                })
                .collect(),
        ),
        (
            "lost digits",
            text.chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        digit += 1;
                        if digit % 7 == 0 {
                            return '?';
                        }
                    }
                    c
                })
                .collect(),
        ),
        ("shuffled lines", lines.join("\n")),
        ("first half", chars[..chars.len() / 2].iter().collect()),
        ("second half", chars[chars.len() / 3..].iter().collect()),
    ]
}
