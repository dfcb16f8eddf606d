//! Which kernel words the host treats specially: the ones it compiles
//! itself ([`Intrinsic`]) and the ones whose effect on literals it folds
//! ([`Fold`]). While the kernel loads, a word named like an intrinsic or a
//! folding rule is bound to it, so that the kernel's Forth `if` is the `if`
//! the host compiles; the first word of a name wins, and once the kernel is
//! loaded a user's word of the same name is an ordinary word.

use std::collections::HashMap;
use std::rc::Rc;

use crate::replay::Replay;

use crate::dict::Word;
use crate::fold::Fold;
use crate::intrinsic::Intrinsic;
use crate::prim::Prim;

pub struct Bindings {
    /// Words are still being bound (the kernel is loading).
    pub kernel_mode: bool,
    /// Primitives are compiled on the held-back stack; off, their code
    /// words are copied as they are (the reference the optimizer's
    /// differential test compares with).
    pub optimize: bool,
    intrinsics: HashMap<u32, Intrinsic>,
    folds: HashMap<u32, Fold>,
    prims: HashMap<u32, Prim>,
    /// The recorded steps of colon definitions short enough to inline.
    replays: HashMap<u32, (Rc<[Replay]>, u32)>,
}

impl Default for Bindings {
    fn default() -> Bindings {
        Bindings {
            kernel_mode: true,
            optimize: true,
            intrinsics: HashMap::new(),
            folds: HashMap::new(),
            prims: HashMap::new(),
            replays: HashMap::new(),
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
        if let Some(p) = Prim::by_name(&name) {
            if !self.prims.values().any(|&x| x == p) {
                self.prims.insert(w.xt, p);
            }
        }
    }

    /// Unbinds the word `xt`, which a marker forgot: a later word may be
    /// given the same address.
    pub fn forget(&mut self, xt: u32) {
        self.intrinsics.remove(&xt);
        self.folds.remove(&xt);
        self.prims.remove(&xt);
        self.replays.remove(&xt);
    }

    /// The intrinsic the word `xt` is bound to.
    pub fn intrinsic(&self, xt: u32) -> Option<Intrinsic> {
        self.intrinsics.get(&xt).copied()
    }

    /// The steps of the colon definition `xt`, if it may be inlined, and
    /// the bytes of its code.
    pub fn replay(&self, xt: u32) -> Option<(Rc<[Replay]>, u32)> {
        self.replays.get(&xt).cloned().filter(|_| self.optimize)
    }

    pub fn set_replay(&mut self, xt: u32, steps: Vec<Replay>, size: u32) {
        self.replays.insert(xt, (steps.into(), size));
    }

    /// The primitive the word `xt` is bound to.
    pub fn prim(&self, xt: u32) -> Option<Prim> {
        self.prims.get(&xt).copied().filter(|_| self.optimize)
    }

    /// The folding rule of the word `xt`.
    pub fn fold(&self, xt: u32) -> Option<Fold> {
        self.folds.get(&xt).copied()
    }
}
