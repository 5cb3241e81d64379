//! Terminal columns: a Chinese character takes two, so tables pad by width, not by
//! characters.

use unicode_width::UnicodeWidthStr;

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces on the right to `columns` columns (as it is when wider).
pub fn pad(text: &str, columns: usize) -> String {
    let mut padded = String::with_capacity(text.len() + columns);
    padded.push_str(text);
    padded.extend(std::iter::repeat_n(' ', columns.saturating_sub(width(text))));
    padded
}

/// `text` padded with spaces on the left to `columns` columns (right-aligned).
pub fn pad_start(text: &str, columns: usize) -> String {
    let mut padded = String::with_capacity(text.len() + columns);
    padded.extend(std::iter::repeat_n(' ', columns.saturating_sub(width(text))));
    padded.push_str(text);
    padded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_take_two_columns() {
        assert_eq!(width("晨会"), 4);
        assert_eq!(width("T77 晨会"), 8);
        assert_eq!(pad("晨会", 6), "晨会  ");
        assert_eq!(pad("meeting", 9), "meeting  ");
        assert_eq!(pad("晨会晨会", 6), "晨会晨会");
        assert_eq!(pad_start("通过", 5), " 通过");
        assert_eq!(pad_start("pass", 7), "   pass");
    }
}
