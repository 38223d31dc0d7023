//! Marking a field invalid, and clearing the mark: `aria-invalid` and a message, in
//! the binding's locale, in the element `aria-describedby` links.

use super::undo::Undo;
use super::{js, Field};
use crate::messages::{self, Locale};

impl Field {
    /// Marks the field invalid with the message for `code`.
    pub(super) fn mark(&self, code: &str, locale: Locale, undo: &mut Undo) {
        undo.set(&self.el, "aria-invalid", "true");
        js::set_text(&self.msg, messages::message(code, locale));
        self.marked.set(true);
    }

    /// Clears the mark, if any.
    pub(super) fn unmark(&self, undo: &mut Undo) {
        if self.marked.replace(false) {
            undo.remove(&self.el, "aria-invalid");
            js::set_text(&self.msg, self.msg_text.as_deref().unwrap_or(""));
        }
    }
}
