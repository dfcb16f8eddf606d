//! Which kernel words the host treats specially: the ones it compiles
//! itself ([`Intrinsic`]) and the ones whose effect on literals it folds
//! ([`Fold`]). While the kernel loads, a word named like an intrinsic or a
//! folding rule is bound to it, so that the kernel's Forth `if` is the `if`
//! the host compiles; the first word of a name wins, and once the kernel is
//! loaded a user's word of the same name is an ordinary word.

use std::collections::HashMap;

use crate::dict::Word;
use crate::fold::Fold;
use crate::intrinsic::Intrinsic;

pub struct Bindings {
    /// Words are still being bound (the kernel is loading).
    pub kernel_mode: bool,
    intrinsics: HashMap<u32, Intrinsic>,
    folds: HashMap<u32, Fold>,
}

impl Default for Bindings {
    fn default() -> Bindings {
        Bindings {
            kernel_mode: true,
            intrinsics: HashMap::new(),
            folds: HashMap::new(),
        }
    }
}

impl Bindings {
    /// Binds a newly defined word to the intrinsic or folding rule of its
    /// name, if the kernel is loading and none has that binding yet.
    pub fn bind(&mut self, w: &Word) {
        if !self.kernel_mode {
            return;
        }
        let name = w.name.to_ascii_lowercase();
        if let Some(intr) = Intrinsic::by_name(&name) {
            if !self.intrinsics.values().any(|&x| x == intr) {
                self.intrinsics.insert(w.xt, intr);
            }
        }
        if let Some(f) = Fold::by_name(&name) {
            if !self.folds.values().any(|&x| x == f) {
                self.folds.insert(w.xt, f);
            }
        }
    }

    /// The intrinsic the word `xt` is bound to.
    pub fn intrinsic(&self, xt: u32) -> Option<Intrinsic> {
        self.intrinsics.get(&xt).copied()
    }

    /// The folding rule of the word `xt`.
    pub fn fold(&self, xt: u32) -> Option<Fold> {
        self.folds.get(&xt).copied()
    }
}
