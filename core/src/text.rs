//! # 文字 / Text for documents
//!
//! One sanitising step for every text that reaches a document (Word .docx, Excel .xlsx, HTML, CSV): [`clean`].
//! Users paste text from Word and WPS; Shift+Enter there gives a vertical tab (`\v`), a page break a form feed
//! (`\f`), and other programs leave bell, escape or NUL characters or the non-characters U+FFFE/U+FFFF. XML 1.0
//! forbids all of them, so a .docx or .xlsx part that carries one does not open at all. `clean` turns `\v` and
//! `\f` into line breaks and drops every other character XML 1.0 does not allow (lone surrogates cannot occur in
//! a Rust string). It also ends lines the one way every writer expects (`\r\n` and a lone `\r` become `\n`: a raw
//! CR in XML text is read back as a line feed anyway, and HTML forbids it in text) and drops the other control
//! characters XML 1.0 merely discourages (DEL and the C1 controls U+0080–U+009F, left by text decoded with the
//! wrong code page; HTML forbids them), so a cleaned text holds no control character but tab and line feed, and
//! every writer shows the same text. Text is otherwise kept exactly as typed; the stored data are never changed,
//! only what is written.
//!
//! Also here: [`chinese_number`], the one function for Chinese section numerals (一 … 九十九).

use std::borrow::Cow;

/// Is `c` allowed in XML 1.0 (`#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`)?
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Is `c` kept as it is by [`clean`]: allowed in XML 1.0 and not a control character other than tab and LF?
fn kept(c: char) -> bool {
    xml_char(c) && (c == '\t' || c == '\n' || !c.is_control())
}

/// The text with `\v`, `\f`, `\r\n` and a lone `\r` turned into line breaks (`\n`) and every other control
/// character and every character XML 1.0 does not allow removed (C0 controls except tab and LF; DEL and the
/// C1 controls; U+FFFE, U+FFFF). Borrowed when nothing changes.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(kept) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\u{0B}' | '\u{0C}' | '\r' => out.push('\n'),
            c if kept(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Chinese numeral of a section number: 1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 21 → 二十一, 99 → 九十九;
/// 0 → 〇; from 100 the arabic number (no report has that many sections).
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut s = if tens == 1 { String::new() } else { D[tens].to_string() };
            s.push('十');
            if ones > 0 {
                s.push_str(D[ones]);
            }
            s
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_keeps_good_text_and_mends_the_rest() {
        assert!(matches!(clean("梨树区 2024年\t表\n"), Cow::Borrowed(_)));
        assert_eq!(clean("一\u{0B}二\u{0C}三"), "一\n二\n三");
        assert_eq!(clean("a\u{0}b\u{7}c\u{1B}d\u{1F}e"), "abcde");
        assert_eq!(clean("x\u{FFFE}y\u{FFFF}z"), "xyz");
        assert_eq!(clean("a\r\nb\rc\n\rd"), "a\nb\nc\n\nd");
        assert_eq!(clean("x\u{7F}y\u{80}z\u{85}w\u{9F}v\u{A0}"), "xyzwv\u{A0}");
        assert_eq!(clean("مرحبا 👩‍👧 \u{202E}"), "مرحبا 👩‍👧 \u{202E}");
        for c in (0u32..0xA0).filter_map(char::from_u32) {
            let t = clean(&c.to_string()).into_owned();
            assert!(t.chars().all(|c| xml_char(c) && (!c.is_control() || c == '\t' || c == '\n')), "{:?}", c);
        }
    }

    #[test]
    fn chinese_numbers() {
        let want = [(0, "〇"), (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (19, "十九"), (20, "二十"), (21, "二十一"), (30, "三十"), (99, "九十九"), (100, "100")];
        for (n, s) in want {
            assert_eq!(chinese_number(n), s, "{n}");
        }
    }
}
