//! Parsing the Rust type expressions recorded in the ABI.

use core::fmt;

/// A parsed type expression: `u128`, `Vec<Addr>`, `(Addr, u64)`, `[u8; 32]`, `()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A named type with optional generic arguments; paths keep their last segment.
    Named {
        /// The last path segment, e.g. `Vec` for `alloc::vec::Vec<u8>`.
        name: String,
        /// Generic arguments in order.
        args: Vec<TypeExpr>,
    },
    /// A tuple; the empty tuple is `()`.
    Tuple(Vec<TypeExpr>),
    /// A fixed-size array.
    Array(Box<TypeExpr>, usize),
}

/// A type expression that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeParseError {
    /// The text that was being parsed.
    pub input: String,
    /// What went wrong.
    pub reason: String,
}

impl fmt::Display for TypeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read type `{}`: {}", self.input, self.reason)
    }
}

impl std::error::Error for TypeParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Number(usize),
    Punct(char),
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut ident = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    ident.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token::Ident(ident));
        } else if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_ascii_digit() || c == '_' {
                    if c != '_' {
                        digits.push(c);
                    }
                    chars.next();
                } else {
                    break;
                }
            }
            // An optional `usize` suffix, as in `[u8; 32usize]`.
            if chars.peek() == Some(&'u') {
                while chars.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                    chars.next();
                }
            }
            tokens.push(Token::Number(
                digits.parse().map_err(|_| "array length too large")?,
            ));
        } else if "<>(),[];:&".contains(c) {
            tokens.push(Token::Punct(c));
            chars.next();
        } else {
            return Err(format!("unexpected character `{c}`"));
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Token::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected `{c}`"))
        }
    }

    fn ty(&mut self) -> Result<TypeExpr, String> {
        // References are transparent in the encoding: `&str` encodes like `str`.
        while self.eat('&') {}
        if self.eat('(') {
            let mut items = Vec::new();
            while !self.eat(')') {
                items.push(self.ty()?);
                if !self.eat(',') {
                    self.expect(')')?;
                    break;
                }
            }
            return Ok(TypeExpr::Tuple(items));
        }
        if self.eat('[') {
            let item = self.ty()?;
            self.expect(';')?;
            let len = match self.tokens.get(self.pos) {
                Some(Token::Number(n)) => *n,
                _ => return Err("expected an array length".into()),
            };
            self.pos += 1;
            self.expect(']')?;
            return Ok(TypeExpr::Array(Box::new(item), len));
        }
        let mut name = self.ident()?;
        while self.eat(':') {
            self.expect(':')?;
            name = self.ident()?;
        }
        let mut args = Vec::new();
        if self.eat('<') {
            while !self.eat('>') {
                args.push(self.ty()?);
                if !self.eat(',') {
                    self.expect('>')?;
                    break;
                }
            }
        }
        Ok(TypeExpr::Named { name, args })
    }

    fn ident(&mut self) -> Result<String, String> {
        match self.tokens.get(self.pos) {
            Some(Token::Ident(s)) => {
                self.pos += 1;
                Ok(s.clone())
            }
            _ => Err("expected a type name".into()),
        }
    }
}

impl TypeExpr {
    /// Parses a type expression as the macros record it.
    pub fn parse(input: &str) -> Result<TypeExpr, TypeParseError> {
        let error = |reason: String| TypeParseError {
            input: input.to_string(),
            reason,
        };
        let tokens = tokenize(input).map_err(error)?;
        let mut parser = Parser { tokens, pos: 0 };
        let ty = parser.ty().map_err(error)?;
        if parser.pos != parser.tokens.len() {
            return Err(error("unexpected text after the type".into()));
        }
        Ok(ty)
    }

    /// A named type without generic arguments.
    pub fn named(name: &str) -> TypeExpr {
        TypeExpr::Named {
            name: name.to_string(),
            args: Vec::new(),
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Named { name, args } => {
                f.write_str(name)?;
                if !args.is_empty() {
                    f.write_str("<")?;
                    for (i, arg) in args.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{arg}")?;
                    }
                    f.write_str(">")?;
                }
                Ok(())
            }
            TypeExpr::Tuple(items) => {
                f.write_str("(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            TypeExpr::Array(item, len) => write!(f, "[{item}; {len}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shapes_macros_record() {
        for (input, shown) in [
            ("u128", "u128"),
            ("Vec < u8 >", "Vec<u8>"),
            ("kexin :: Addr", "Addr"),
            ("(Addr, u64)", "(Addr, u64)"),
            ("(u8,)", "(u8,)"),
            ("()", "()"),
            ("[u8 ; 32]", "[u8; 32]"),
            (
                "Option<Vec<(String, [u8; 4usize])>>",
                "Option<Vec<(String, [u8; 4])>>",
            ),
            ("&str", "str"),
        ] {
            assert_eq!(
                TypeExpr::parse(input).unwrap().to_string(),
                shown,
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_type() {
        for input in ["", "Vec<", "[u8]", "u8 u8", "fn()", "Vec<u8,,>"] {
            assert!(TypeExpr::parse(input).is_err(), "{input} should not parse");
        }
    }
}
