//! Everything that can go wrong building, writing or reading an image. Each
//! message is one line, except assembly errors, which list one per line.

use thumb::text::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The user code did not assemble; one `line:column: message` per error.
    #[error("{}", assembly_message(.0))]
    Assembly(Vec<Diagnostic>),
    #[error("the code defines no `reset` label, which the vector table needs as its entry")]
    NoReset,
    #[error("the image needs {needed} bytes but {target} has {capacity} bytes of flash")]
    TooBig {
        target: String,
        needed: u64,
        capacity: u32,
    },
    #[error("layout: {0}")]
    Layout(String),
    #[error("empty {0} file")]
    Empty(&'static str),
    #[error("truncated UF2: {0}")]
    Truncated(String),
    #[error("UF2 block {block}: {reason}")]
    Uf2 { block: usize, reason: String },
    #[error("Intel hex line {line}: {reason}")]
    Hex { line: usize, reason: String },
    #[error("ELF: {0}")]
    Elf(String),
    #[error("binary: {0}")]
    Bin(String),
    #[error("{0}")]
    NotLoadable(String),
}

fn assembly_message(errors: &[Diagnostic]) -> String {
    let mut out = format!(
        "{} assembly error{}:",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for e in errors {
        out.push_str(&format!("\n{e}"));
    }
    out
}
