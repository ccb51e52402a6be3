//! Text for a terminal: control characters from a project made visible.
//!
//! A project file can come from anyone, and its titles, names, quotes and
//! addresses can hold terminal escape sequences: `ESC ]0;…BEL` retitles the
//! window, `ESC [2J` clears the screen, others rewrite what was printed or, in
//! some terminals, answer back as if typed. Printed as they are, they act instead
//! of being read.
//!
//! **What is replaced.** Every control character (Unicode category Cc: the C0
//! controls U+0000–U+001F, DEL U+007F and the C1 controls U+0080–U+009F, ESC
//! and CSI among them) except line feed, tab, and a carriage return that ends a
//! line (`\r\n`). C0 controls and DEL become caret notation, as `cat -v` shows
//! them (ESC is `^[`, BEL is `^G`, a lone carriage return `^M`, DEL `^?`); C1
//! controls become `<U+009B>`. What was there stays readable, and nothing acts.
//!
//! **When.** Text written for people is always made visible ([`visible`]): what
//! `check` and `compare` print, and every warning and error message on standard
//! error, wherever it goes — a log read later with `cat` is a terminal too. The
//! output of `export` is data: it is made visible only when standard output is a
//! terminal ([`for_terminal`]); in a pipe or a file its bytes stay exactly as the
//! project has them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` as it may be written to standard output: made [`visible`] when
/// `is_tty` (standard output is a terminal, see [`std::io::IsTerminal`]),
/// unchanged otherwise.
pub fn for_terminal(text: &str, is_tty: bool) -> Cow<'_, str> {
    if is_tty {
        visible(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with every control character but line feed, tab and the carriage
/// return of a `\r\n` replaced by a visible stand-in (`^[` for ESC, `<U+009B>`
/// for CSI). Borrows when there is nothing to replace.
pub fn visible(text: &str) -> Cow<'_, str> {
    let ends_line = |at: usize| {
        text.get(at + 1..)
            .is_some_and(|rest| rest.starts_with('\n'))
    };
    if !text
        .char_indices()
        .any(|(at, c)| acts(c) && !(c == '\r' && ends_line(at)))
    {
        return Cow::Borrowed(text);
    }
    let mut chars = text.chars().peekable();
    let mut out = String::with_capacity(text.len() + 8);
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if acts(c) {
            stand_in(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is a control character a terminal may act on. A carriage return
/// counts; [`visible`] keeps the one of a `\r\n`.
fn acts(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Writes the visible stand-in of the control character `c`.
fn stand_in(out: &mut String, c: char) {
    let code = u32::from(c);
    match code {
        0x00..=0x1f => {
            out.push('^');
            out.push(char::from_u32(code + 0x40).unwrap_or('?'));
        }
        0x7f => out.push_str("^?"),
        _ => {
            let _ = write!(out, "<U+{code:04X}>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_run() {
        assert_eq!(
            visible("title \u{1b}]0;pwned\u{7}\u{1b}[2J end"),
            "title ^[]0;pwned^G^[[2J end"
        );
        assert_eq!(visible("\u{9b}2J \u{7f} \0"), "<U+009B>2J ^? ^@");
        assert_eq!(visible("over\rwrite"), "over^Mwrite");
        let text = "lines\nand\ttabs\r\nstay; so do «ünïcödé» and عربى";
        assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn only_a_terminal_gets_the_visible_form() {
        let text = "a\u{1b}[2Jb";
        assert_eq!(for_terminal(text, true), "a^[[2Jb");
        assert_eq!(for_terminal(text, false), text);
        assert!(
            !for_terminal(text, true).contains('\u{1b}'),
            "no ESC reaches a terminal"
        );
    }
}
