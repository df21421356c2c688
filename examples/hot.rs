//! Extracts the corpus documents over and over (a profiling aid: run under
//! `perf record` or callgrind to see where extraction spends its time).

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut texts = Vec::new();
    // A third argument reads another folder (a `make bench` folder, say).
    let dir = std::env::args().nth(3).unwrap_or_else(|| "corpus".into());
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.expect("the folder is readable");
        if entry.path().extension().is_some_and(|e| e == "txt") {
            texts.push(jingwang::text::source::read_source(entry.path()).expect("corpus decodes"));
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = std::time::Instant::now();
    let mut facts = 0;
    // A second argument times the pipeline up to a stage: `normalize`,
    // `scan` (normalise and find trigger words), `segment` (and numbers and
    // segmentation).
    let stage = std::env::args().nth(2).unwrap_or_default();
    for _ in 0..rounds {
        for t in &texts {
            if stage == "normalize" {
                facts += std::hint::black_box(jingwang::text::normalize::normalize(t)).len();
            } else if stage == "scan" {
                facts += std::hint::black_box(jingwang::extract::doc::Doc::new(t))
                    .words
                    .metric
                    .len();
            } else if stage == "numbers" {
                let doc = jingwang::extract::doc::Doc::new(t);
                facts +=
                    std::hint::black_box(jingwang::extract::numbers::find_numbers(doc.chars()))
                        .len();
            } else if stage == "segment" {
                let doc = jingwang::extract::doc::Doc::new(t);
                let numbers = jingwang::extract::numbers::find_numbers(doc.chars());
                let starts: Vec<usize> = numbers.iter().map(|n| n.start).collect();
                facts += std::hint::black_box(jingwang::extract::segment::segment(
                    doc.chars(),
                    &starts,
                    &doc.words.furniture,
                ))
                .lines
                .len();
            } else {
                facts += std::hint::black_box(jingwang::extract::extract(t))
                    .facts
                    .len();
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{rounds} rounds, {facts} facts, {:.1} MB/s",
        (bytes * rounds) as f64 / 1048576.0 / secs
    );
}

/// The binary's allocator (see `src/main.rs`), so profiles match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
