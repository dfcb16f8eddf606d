//! Splits one source line into tokens that remember their column.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    Ident(String),
    Num(u64),
    Punct(char),
    /// `<<` or `>>`.
    Shift(char),
    /// A string constant with its escapes resolved.
    Str(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    /// 1-based column of the token's first character.
    pub col: u32,
}

/// Tokenizes `line` (comments already removed), whose first character is at `col0`.
pub fn lex(line: &str, col0: u32) -> Result<Vec<Token>, (u32, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = col0 + i as u32;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' || c == '.' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.' | '$'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Token {
                tok: Tok::Ident(word),
                col,
            });
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            // Local label references such as `1f` and `2b`.
            if text.len() > 1
                && (text.ends_with('f') || text.ends_with('b'))
                && text[..text.len() - 1].chars().all(|d| d.is_ascii_digit())
            {
                out.push(Token {
                    tok: Tok::Ident(text),
                    col,
                });
                continue;
            }
            let value = parse_number(&text).ok_or((col, format!("bad number `{text}`")))?;
            out.push(Token {
                tok: Tok::Num(value),
                col,
            });
            continue;
        }
        if c == '\'' {
            // Character constant: 'c' (the closing quote is optional in GNU as).
            let ch = chars
                .get(i + 1)
                .copied()
                .ok_or((col, "unterminated character".to_string()))?;
            let (value, len) = if ch == '\\' {
                let e = chars.get(i + 2).copied().unwrap_or('\\');
                let v = match e {
                    'n' => 10,
                    't' => 9,
                    'r' => 13,
                    '0' => 0,
                    other => other as u64,
                };
                (v, 3)
            } else {
                (ch as u64, 2)
            };
            i += len;
            if chars.get(i) == Some(&'\'') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Num(value),
                col,
            });
            continue;
        }
        if c == '"' {
            let mut bytes = Vec::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err((col, "unterminated string".to_string())),
                    Some('"') => break,
                    Some('\\') => {
                        let e = chars.get(i + 1).copied().unwrap_or('\\');
                        bytes.push(match e {
                            'n' => b'\n',
                            't' => b'\t',
                            'r' => b'\r',
                            '0' => 0,
                            other => other as u8,
                        });
                        i += 2;
                    }
                    Some(&ch) => {
                        let mut buf = [0; 4];
                        bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Token {
                tok: Tok::Str(bytes),
                col,
            });
            continue;
        }
        if (c == '<' || c == '>') && chars.get(i + 1) == Some(&c) {
            out.push(Token {
                tok: Tok::Shift(c),
                col,
            });
            i += 2;
            continue;
        }
        if "#,[]{}!-+=:*/()&|^~%<>".contains(c) {
            out.push(Token {
                tok: Tok::Punct(c),
                col,
            });
            i += 1;
            continue;
        }
        return Err((col, format!("unexpected character `{c}`")));
    }
    Ok(out)
}

fn parse_number(text: &str) -> Option<u64> {
    let t = text.to_ascii_lowercase().replace('_', "");
    if let Some(h) = t.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()
    } else if let Some(b) = t.strip_prefix("0b") {
        u64::from_str_radix(b, 2).ok()
    } else if t.len() > 1 && t.starts_with('0') && t.chars().all(|c| c.is_ascii_digit()) {
        u64::from_str_radix(&t[1..], 8).ok()
    } else {
        t.parse().ok()
    }
}

/// Removes `@` comments and `/* */` comments; `;` separates statements.
/// Returns the statements with the column each starts at.
pub fn statements(line: &str) -> Vec<(u32, String)> {
    let mut clean = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut in_block = false;
    let mut in_char = false;
    while let Some(c) = chars.next() {
        if in_block {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                in_block = false;
                clean.push_str("  ");
            } else {
                clean.push(' ');
            }
            continue;
        }
        if in_char {
            clean.push(c);
            in_char = false;
            continue;
        }
        match c {
            '\'' => {
                in_char = true;
                clean.push(c);
            }
            '"' => {
                // Copy a string through untouched, escapes included.
                clean.push(c);
                while let Some(d) = chars.next() {
                    clean.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            clean.push(e);
                        }
                    } else if d == '"' {
                        break;
                    }
                }
            }
            '@' => break,
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                in_block = true;
                clean.push_str("  ");
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => clean.push(c),
        }
    }
    if clean.trim_start().starts_with('#') && !clean.trim_start().starts_with("#0") {
        // A `#` in the first column is a line comment in GNU as for ARM.
        if clean.starts_with('#') {
            return Vec::new();
        }
    }
    let mut out = Vec::new();
    let mut col = 1u32;
    for part in clean.split(';') {
        out.push((col, part.to_string()));
        col += part.chars().count() as u32 + 1;
    }
    out
}
