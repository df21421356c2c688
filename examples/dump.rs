//! Prints the extractor's output for one source file as YAML (a development aid).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE.txt");
        std::process::exit(2);
    };
    match jingwang::text::source::read_source(std::path::Path::new(&path)) {
        Ok(text) => print!("{}", jingwang::extract::extract(&text).to_yaml(&[])),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
