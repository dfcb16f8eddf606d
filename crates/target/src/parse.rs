//! TOML text to a validated `Target` (`Target::from_toml`), with parse errors
//! reduced to one line that names the line, the field and the reason.

use std::path::Path;

use crate::model::{Target, TargetError};
use crate::raw::RawTarget;
use crate::validate::validate;

impl Target {
    /// Parses and validates a description; `source` names it in messages.
    pub fn from_toml(text: &str, source: &Path) -> Result<Target, TargetError> {
        parse(text, source)
    }
}

fn parse(text: &str, source: &Path) -> Result<Target, TargetError> {
    let parse_error = |message: String| TargetError::Parse {
        path: source.to_path_buf(),
        message,
    };
    let de = toml::Deserializer::parse(text).map_err(|e| parse_error(describe(text, &e, None)))?;
    let raw: RawTarget = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        parse_error(describe(text, e.inner(), Some(&field)))
    })?;
    validate(raw, source)
}

/// `line L: field `a.b`: reason`, leaving out whatever is unknown.
fn describe(text: &str, e: &toml::de::Error, field: Option<&str>) -> String {
    let mut out = String::new();
    // A missing top-level key is reported against the whole document, where
    // a line number would only mislead.
    if let Some(span) = e.span().filter(|s| s.start > 0) {
        let before = &text[..span.start.min(text.len())];
        out.push_str(&format!("line {}: ", before.matches('\n').count() + 1));
    }
    if let Some(field) = field.filter(|f| !f.is_empty() && *f != ".") {
        out.push_str(&format!("field `{field}`: "));
    }
    out.push_str(e.message().trim());
    out
}
